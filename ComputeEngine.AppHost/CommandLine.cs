using System.Globalization;

namespace ComputeEngine.AppHost;

internal static class CommandLine
{
    public const string Usage = """
        Runs ComputeEngine locally: Azurite, the orchestrator, the dashboard and autoscaled workers.

        Usage: dotnet run --project ComputeEngine.AppHost [-- options]

          --demo N                 submit a job of N items once healthy and show its progress
          --in-memory              keep Azurite's data in memory instead of .azurite/
          --max-replicas N         local cap on worker replicas (default 4)
          --polling-interval S     override KEDA pollingInterval (seconds)
          --cooldown S             override KEDA cooldownPeriod (seconds)
          --values PATH            KEDA settings file (default infra/helm/computeengine/values.yaml)
          --api-key KEY            require KEY on the orchestrator's API (x-functions-key header)
          --otlp URL               send every service's telemetry to this OTLP endpoint
          --no-dashboard           do not start ComputeEngine.Dashboard
          --no-build               run the last build of the services
          --configuration NAME     build configuration (default Debug)
          --orchestrator-port P    default 7071
          --dashboard-port P       default 5000
          --status-port P          the AppHost's status endpoint, default 7070
          --blob-port P, --queue-port P, --table-port P
                                   Azurite's ports, default 10000, 10001, 10002
          --root PATH              repository root (default: found from the current directory)
          -h, --help               show this help
        """;

    public static AppHostOptions Parse(IReadOnlyList<string> args)
    {
        var options = new AppHostOptions();
        for (var i = 0; i < args.Count; i++)
        {
            var (name, inline) = Split(args[i]);
            string Value() => inline ?? (i + 1 < args.Count ? args[++i] : throw new FormatException($"{name} needs a value"));

            options = name switch
            {
                "-h" or "--help" => options with { Help = true },
                "--demo" => options with { Demo = Positive(name, Value()) },
                "--in-memory" => options with { InMemory = true },
                "--max-replicas" => options with { MaxReplicas = Positive(name, Value()) },
                "--polling-interval" => options with { PollingInterval = Positive(name, Value()) },
                "--cooldown" => options with { CooldownPeriod = NonNegative(name, Value()) },
                "--values" => options with { ValuesFile = Value() },
                "--api-key" => options with { ApiKey = Value() },
                "--otlp" => options with { Otlp = AbsoluteUri(name, Value()) },
                "--no-dashboard" => options with { Dashboard = false },
                "--no-build" => options with { Build = false },
                "--configuration" or "-c" => options with { Configuration = Value() },
                "--orchestrator-port" => options with { OrchestratorPort = Port(name, Value()) },
                "--dashboard-port" => options with { DashboardPort = Port(name, Value()) },
                "--status-port" => options with { StatusPort = Port(name, Value()) },
                "--blob-port" => options with { BlobPort = Port(name, Value()) },
                "--queue-port" => options with { QueuePort = Port(name, Value()) },
                "--table-port" => options with { TablePort = Port(name, Value()) },
                "--root" => options with { Root = Value() },
                _ => throw new FormatException($"unknown option {name}"),
            };
        }

        return options;
    }

    private static (string Name, string? Inline) Split(string arg)
    {
        var equals = arg.IndexOf('=', StringComparison.Ordinal);
        return arg.StartsWith("--", StringComparison.Ordinal) && equals > 0 ? (arg[..equals], arg[(equals + 1)..]) : (arg, null);
    }

    private static int Positive(string name, string value) =>
        int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var number) && number > 0
            ? number
            : throw new FormatException($"{name} must be a positive whole number, not '{value}'");

    private static int NonNegative(string name, string value) =>
        int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var number)
            ? number
            : throw new FormatException($"{name} must be a whole number of seconds, not '{value}'");

    private static int Port(string name, string value) =>
        int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var port) && port is > 0 and < 65536
            ? port
            : throw new FormatException($"{name} must be a port between 1 and 65535, not '{value}'");

    private static Uri AbsoluteUri(string name, string value) =>
        Uri.TryCreate(value, UriKind.Absolute, out var uri)
            ? uri
            : throw new FormatException($"{name} must be an absolute URL, not '{value}'");
}
