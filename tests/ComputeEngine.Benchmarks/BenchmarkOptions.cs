using System.Globalization;

namespace ComputeEngine.Benchmarks;

/// <summary>The command line: <c>[--items N] [--workers W] [--status-items M] [--single-runs K] …</c>.</summary>
public sealed record BenchmarkOptions
{
    public int Items { get; init; } = 10_000;

    public int Workers { get; init; } = 2;

    public int StatusItems { get; init; } = 100_000;

    public int SingleRuns { get; init; } = 20;

    /// <summary>The 100k job is stopped (terminated) past this, so a slow engine still gives a run of bounded length.</summary>
    public TimeSpan StatusJobLimit { get; init; } = TimeSpan.FromSeconds(120);

    public int FloorMessages { get; init; } = 3_000;

    /// <summary>Items of the job run before the measured ones, so the services' code is jitted and tiered up.</summary>
    public int WarmUpItems { get; init; } = 1_000;

    /// <summary>The polling ceiling of the second single-item run, showing the latency/idle-cost trade-off.</summary>
    public TimeSpan FastPolling { get; init; } = TimeSpan.FromMilliseconds(50);

    /// <summary>The orchestrator's ceiling in that run, when it should differ from the workers'.</summary>
    public TimeSpan? FastOrchestratorPolling { get; init; }

    /// <summary>Items of the side-by-side job run on this engine and on the Durable Task Framework.</summary>
    public int PeerItems { get; init; } = 1_000;

    /// <summary>Alternating rounds of that comparison; 0 leaves the peer out.</summary>
    public int PeerRounds { get; init; } = 2;

    /// <summary>Worker counts of the opt-in scaling scenario (<c>--scaling-workers 1,2,4</c>); empty leaves it out.</summary>
    public IReadOnlyList<int> ScalingWorkers { get; init; } = [];

    public int ScalingItems { get; init; } = 100_000;

    /// <summary>Items of the autoscaled slow-item job through the AppHost; 0 leaves it out.</summary>
    public int AutoscaleItems { get; init; } = 2_000;

    public int AutoscaleSleepMilliseconds { get; init; } = 200;

    /// <summary>Items of the opt-in very large job (<c>--huge-items 1000000</c>); 0 leaves it out.</summary>
    public int HugeItems { get; init; }

    public TimeSpan HugeJobLimit { get; init; } = TimeSpan.FromHours(1);

    /// <summary>Job sizes of the window-cost scenario (issue 21), each run windowed and unbounded.</summary>
    public IReadOnlyList<int> WindowItems { get; init; } = [10_000, 100_000];

    /// <summary>Alternating rounds of that scenario; 0 leaves it out.</summary>
    public int WindowRounds { get; init; } = 1;

    /// <summary>
    /// <c>--only fair-share</c>: the window's cost and the small-behind-big jobs; <c>--only autoscale</c>: the
    /// AppHost's autoscaled slow items; nothing else.
    /// </summary>
    public string? Only { get; init; }

    /// <summary>Extra settings for every service process (<c>--set Worker__Concurrency=16</c>), to try a change.</summary>
    public IReadOnlyDictionary<string, string> Settings { get; init; } = new Dictionary<string, string>();

    public const string Usage =
        "usage: dotnet run -c Release --project tests/ComputeEngine.Benchmarks -- [--items N] [--workers W]\n" +
        "  [--status-items M] [--single-runs K] [--status-limit-seconds S] [--floor-messages F] [--warmup-items W]\n" +
        "  [--fast-polling-ms P] [--fast-orchestrator-polling-ms P] [--peer-items N] [--peer-rounds R]\n" +
        "  [--scaling-workers 1,2,4] [--scaling-items N] [--huge-items N] [--huge-limit-seconds S]\n" +
        "  [--autoscale-items N] [--autoscale-sleep-ms M] [--window-items 10000,100000] [--window-rounds R]\n" +
        "  [--only fair-share|autoscale] [--set Key=Value]...";

    public static BenchmarkOptions Parse(IReadOnlyList<string> args)
    {
        var options = new BenchmarkOptions();
        for (var i = 0; i < args.Count; i++)
        {
            var value = i + 1 < args.Count ? args[i + 1] : throw new ArgumentException($"{args[i]} needs a value.\n{Usage}");
            options = args[i] switch
            {
                "--items" => options with { Items = Positive(args[i], value) },
                "--workers" => options with { Workers = Positive(args[i], value) },
                "--status-items" => options with { StatusItems = Positive(args[i], value) },
                "--single-runs" => options with { SingleRuns = Positive(args[i], value) },
                "--status-limit-seconds" => options with { StatusJobLimit = TimeSpan.FromSeconds(Positive(args[i], value)) },
                "--floor-messages" => options with { FloorMessages = Positive(args[i], value) },
                "--warmup-items" => options with { WarmUpItems = Positive(args[i], value) },
                "--scaling-workers" => options with { ScalingWorkers = value.Split(',').Select(w => Positive(args[i], w)).ToList() },
                "--scaling-items" => options with { ScalingItems = Positive(args[i], value) },
                "--autoscale-items" => options with { AutoscaleItems = value == "0" ? 0 : Positive(args[i], value) },
                "--autoscale-sleep-ms" => options with { AutoscaleSleepMilliseconds = Positive(args[i], value) },
                "--huge-items" => options with { HugeItems = Positive(args[i], value) },
                "--huge-limit-seconds" => options with { HugeJobLimit = TimeSpan.FromSeconds(Positive(args[i], value)) },
                "--window-items" => options with { WindowItems = value.Split(',').Select(w => Positive(args[i], w)).ToList() },
                "--window-rounds" => options with { WindowRounds = value == "0" ? 0 : Positive(args[i], value) },
                "--only" when value is "fair-share" or "autoscale" => options with { Only = value },
                "--only" => throw new ArgumentException($"--only knows fair-share and autoscale, not '{value}'.\n{Usage}"),
                "--peer-items" => options with { PeerItems = Positive(args[i], value) },
                "--peer-rounds" => options with { PeerRounds = value == "0" ? 0 : Positive(args[i], value) },
                "--fast-polling-ms" => options with { FastPolling = TimeSpan.FromMilliseconds(Positive(args[i], value)) },
                "--set" when value.Split('=', 2) is [{ Length: > 0 } key, var setting] =>
                    options with { Settings = new Dictionary<string, string>(options.Settings) { [key] = setting } },
                "--set" => throw new ArgumentException($"--set needs Key=Value, not '{value}'.\n{Usage}"),
                "--fast-orchestrator-polling-ms" => options with { FastOrchestratorPolling = TimeSpan.FromMilliseconds(Positive(args[i], value)) },
                _ => throw new ArgumentException($"Unknown option {args[i]}.\n{Usage}"),
            };
            i++;
        }

        return options;
    }

    private static int Positive(string name, string value) =>
        int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var number) && number > 0
            ? number
            : throw new ArgumentException($"{name} must be a positive whole number, not '{value}'.\n{Usage}");
}
