using ComputeEngine.AppHost.Model;

namespace ComputeEngine.AppHost.Tests.Model;

public sealed class AppModelTests : IDisposable
{
    private readonly RepoLayout _repo = new(Directory.CreateTempSubdirectory("apphost-repo-").FullName);

    public void Dispose() => Directory.Delete(_repo.Root, recursive: true);

    [Fact]
    public void Every_service_gets_storage_and_the_orchestrator_endpoint_the_Aspire_way()
    {
        var env = Model(new AppHostOptions()).Orchestrator().Command.Environment;

        Assert.Equal(
            "DefaultEndpointsProtocol=http;AccountName=devstoreaccount1;AccountKey=Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==;" +
            "BlobEndpoint=http://127.0.0.1:10000/devstoreaccount1;QueueEndpoint=http://127.0.0.1:10001/devstoreaccount1;TableEndpoint=http://127.0.0.1:10002/devstoreaccount1;",
            env["ConnectionStrings__storage"]);
        Assert.Equal("http://localhost:7071", env["services__orchestrator__http__0"]);
        Assert.Equal("http://localhost:7070", env["services__apphost__http__0"]);
        Assert.Equal("http://localhost:7071", env["ASPNETCORE_URLS"]);
        Assert.Equal("orchestrator", env["OTEL_SERVICE_NAME"]);
        Assert.Equal("Development", env["ASPNETCORE_ENVIRONMENT"]);
        Assert.Equal("Development", env["DOTNET_ENVIRONMENT"]);
        Assert.False(env.ContainsKey("services__dashboard__http__0"));
        Assert.False(env.ContainsKey("Orchestrator__ApiKey"));
        Assert.False(env.ContainsKey("OTEL_EXPORTER_OTLP_ENDPOINT"));
    }

    [Fact]
    public void A_worker_replica_has_its_own_name_port_and_a_drain_time_that_fits_the_shutdown_budget()
    {
        var worker = Model(new AppHostOptions()).WorkerReplica(3, 41234);
        var env = worker.Command.Environment;

        Assert.Equal("worker-3", worker.Name);
        Assert.Equal("worker-3", env["Worker__Name"]);
        Assert.Equal("http://127.0.0.1:41234", env["ASPNETCORE_URLS"]);
        Assert.Equal("worker", env["OTEL_SERVICE_NAME"]);
        Assert.Equal("service.instance.id=worker-3", env["OTEL_RESOURCE_ATTRIBUTES"]);
        Assert.True(TimeSpan.Parse(env["Worker__ShutdownTimeout"], System.Globalization.CultureInfo.InvariantCulture) < TimeSpan.FromSeconds(8));
        Assert.Equal(new Uri("http://127.0.0.1:41234/health"), Assert.Single(worker.Readiness!.Urls));
        Assert.EndsWith(Path.Combine("ComputeEngine.Worker", "bin", "Debug", "net10.0", "ComputeEngine.Worker.dll"), worker.Command.Arguments[0], StringComparison.Ordinal);
    }

    [Fact]
    public void OTEL_settings_of_the_AppHost_pass_through_and_otlp_points_every_service_at_one_collector()
    {
        var host = new Dictionary<string, string>
        {
            ["OTEL_EXPORTER_OTLP_ENDPOINT"] = "http://collector:4317",
            ["OTEL_EXPORTER_OTLP_HEADERS"] = "x-key=1",
            ["OTEL_RESOURCE_ATTRIBUTES"] = "deployment.environment=dev",
            ["HOME"] = "/root",
        };

        var passedThrough = new AppModel(new AppHostOptions(), _repo, host).Orchestrator().Command.Environment;
        var overridden = new AppModel(new AppHostOptions { Otlp = new Uri("http://localhost:4318") }, _repo, host).WorkerReplica(1, 5001).Command.Environment;

        Assert.Equal("http://collector:4317", passedThrough["OTEL_EXPORTER_OTLP_ENDPOINT"]);
        Assert.Equal("x-key=1", passedThrough["OTEL_EXPORTER_OTLP_HEADERS"]);
        Assert.Equal("service.instance.id=orchestrator,deployment.environment=dev", passedThrough["OTEL_RESOURCE_ATTRIBUTES"]);
        Assert.False(passedThrough.ContainsKey("HOME"));
        Assert.Equal("http://localhost:4318/", overridden["OTEL_EXPORTER_OTLP_ENDPOINT"]);
    }

    [Fact]
    public void The_api_key_option_reaches_the_orchestrator_and_its_client_the_dashboard_but_not_the_workers()
    {
        Directory.CreateDirectory(Path.Combine(_repo.Root, "ComputeEngine.Dashboard"));
        File.WriteAllText(_repo.ProjectFile("ComputeEngine.Dashboard"), "<Project />");
        var model = Model(new AppHostOptions { ApiKey = "s3cret" });

        Assert.Equal("s3cret", model.Orchestrator().Command.Environment["Orchestrator__ApiKey"]);
        Assert.Equal("s3cret", model.Dashboard().Command.Environment["Orchestrator__ApiKey"]);
        Assert.False(model.WorkerReplica(1, 5001).Command.Environment.ContainsKey("Orchestrator__ApiKey"));
    }

    [Fact]
    public void The_dashboard_runs_and_is_referenced_only_when_its_project_exists()
    {
        var without = Model(new AppHostOptions());
        Directory.CreateDirectory(Path.Combine(_repo.Root, "ComputeEngine.Dashboard"));
        File.WriteAllText(_repo.ProjectFile("ComputeEngine.Dashboard"), "<Project />");
        var with = Model(new AppHostOptions { DashboardPort = 5050 });
        var optedOut = Model(new AppHostOptions { Dashboard = false });

        Assert.Null(without.DashboardUrl);
        Assert.Equal(["ComputeEngine.Orchestrator", "ComputeEngine.Worker", "ComputeEngine.Dashboard"], with.Projects);
        Assert.Equal("http://localhost:5050", with.Orchestrator().Command.Environment["services__dashboard__http__0"]);
        Assert.Equal("dashboard", with.Dashboard().Command.Environment["OTEL_SERVICE_NAME"]);
        Assert.Null(optedOut.DashboardUrl);
    }

    [Fact]
    public void Azurite_persists_under_the_git_ignored_folder_unless_in_memory_is_asked()
    {
        var persisted = Model(new AppHostOptions()).StorageEmulator().Command.Arguments;
        var inMemory = Model(new AppHostOptions { InMemory = true, BlobPort = 1, QueuePort = 2, TablePort = 3 }).StorageEmulator().Command.Arguments;

        Assert.Equal(Path.Combine(_repo.Root, ".azurite"), persisted[persisted.ToList().IndexOf("--location") + 1]);
        Assert.Contains("--inMemoryPersistence", inMemory);
        Assert.DoesNotContain("--location", inMemory);
        Assert.Contains("--skipApiVersionCheck", inMemory);
        Assert.Contains("--loose", inMemory);
        Assert.Equal("3", inMemory[inMemory.ToList().IndexOf("--tablePort") + 1]);
    }

    private AppModel Model(AppHostOptions options) => new(options, _repo, new Dictionary<string, string>());
}
