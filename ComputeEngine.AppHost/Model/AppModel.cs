using System.Globalization;

namespace ComputeEngine.AppHost.Model;

/// <summary>The resources of the local system and how they reference each other.</summary>
internal sealed class AppModel(AppHostOptions options, RepoLayout repo, IReadOnlyDictionary<string, string> hostEnvironment)
{
    public const string OrchestratorProject = "ComputeEngine.Orchestrator";
    public const string WorkerProject = "ComputeEngine.Worker";
    public const string DashboardProject = "ComputeEngine.Dashboard";

    // Workers must finish or release their items before the AppHost's 10 s shutdown budget runs out.
    public static readonly TimeSpan WorkerShutdownTimeout = TimeSpan.FromSeconds(6);

    public AzuriteEndpoints Storage { get; } = new(options.BlobPort, options.QueuePort, options.TablePort);

    public Uri OrchestratorUrl => Localhost(options.OrchestratorPort);

    public Uri? DashboardUrl => HasDashboard ? Localhost(options.DashboardPort) : null;

    public Uri StatusUrl => Localhost(options.StatusPort);

    public bool HasDashboard { get; } = options.Dashboard && repo.HasProject(DashboardProject);

    public IReadOnlyList<string> Projects => HasDashboard
        ? [OrchestratorProject, WorkerProject, DashboardProject]
        : [OrchestratorProject, WorkerProject];

    private string DotNet => hostEnvironment.GetValueOrDefault("DOTNET_HOST_PATH") ?? "dotnet";

    private ServiceReferences References
    {
        get
        {
            var endpoints = new Dictionary<string, Uri> { ["orchestrator"] = OrchestratorUrl, ["apphost"] = StatusUrl };
            if (DashboardUrl is { } dashboard)
            {
                endpoints["dashboard"] = dashboard;
            }

            return new(Storage.ConnectionString, endpoints, options.Otlp);
        }
    }

    public ProcessCommand InstallAzurite() => new("npm", ["ci", "--no-audit", "--no-fund"], repo.Root, Empty);

    public ProcessCommand Build(string project) => new(
        DotNet,
        ["build", repo.ProjectFile(project), "-c", options.Configuration, "--nologo", "-v", "q", "-clp:NoSummary", "-nodeReuse:false"],
        repo.Root,
        Empty);

    public ResourceSpec StorageEmulator()
    {
        string[] persistence = options.InMemory ? ["--inMemoryPersistence"] : ["--location", repo.AzuriteData];
        string[] arguments =
        [
            "--silent", "--skipApiVersionCheck", "--loose", .. persistence,
            "--blobHost", "127.0.0.1", "--blobPort", Invariant(options.BlobPort),
            "--queueHost", "127.0.0.1", "--queuePort", Invariant(options.QueuePort),
            "--tableHost", "127.0.0.1", "--tablePort", Invariant(options.TablePort),
        ];
        return new(
            "storage",
            new(repo.AzuriteBin, arguments, repo.Root, Empty),
            Storage.Blob,
            new([Storage.Blob, Storage.Queue, Storage.Table], RequireSuccess: false));
    }

    public ResourceSpec Orchestrator()
    {
        var spec = Project("orchestrator", "orchestrator", OrchestratorProject, OrchestratorUrl);
        return options.ApiKey is null ? spec : With(spec, "Orchestrator__ApiKey", options.ApiKey);
    }

    public ResourceSpec Dashboard()
    {
        // The dashboard calls the orchestrator's API, so it needs the same key.
        var spec = Project("dashboard", "dashboard", DashboardProject, DashboardUrl!);
        return options.ApiKey is null ? spec : With(spec, "Orchestrator__ApiKey", options.ApiKey);
    }

    public ResourceSpec WorkerReplica(int index, int port)
    {
        var name = string.Create(CultureInfo.InvariantCulture, $"worker-{index}");
        var spec = Project("worker", name, WorkerProject, new Uri(string.Create(CultureInfo.InvariantCulture, $"http://127.0.0.1:{port}")));
        spec = With(spec, "Worker__Name", name);
        return With(spec, "Worker__ShutdownTimeout", WorkerShutdownTimeout.ToString("c", CultureInfo.InvariantCulture));
    }

    private static Dictionary<string, string> Empty => [];

    private ResourceSpec Project(string service, string name, string project, Uri url)
    {
        var env = ServiceEnvironment.Build(service, name, url, References, hostEnvironment);
        var command = new ProcessCommand(DotNet, [repo.Assembly(project, options.Configuration)], repo.ProjectDirectory(project), env);
        return new(name, command, url, new([new Uri(url, "/health")], RequireSuccess: true));
    }

    private static ResourceSpec With(ResourceSpec spec, string key, string value) => spec with
    {
        Command = spec.Command with { Environment = new Dictionary<string, string>(spec.Command.Environment) { [key] = value } },
    };

    private static Uri Localhost(int port) => new(string.Create(CultureInfo.InvariantCulture, $"http://localhost:{port}"));

    private static string Invariant(int number) => number.ToString(CultureInfo.InvariantCulture);
}
