using System.Collections;
using ComputeEngine.AppHost.Demo;
using ComputeEngine.AppHost.Model;
using ComputeEngine.AppHost.Running;
using ComputeEngine.AppHost.Scaling;
using ComputeEngine.Contracts.Storage;

namespace ComputeEngine.AppHost;

internal static class Extensions
{
    // Ctrl+C and SIGTERM must leave nothing running within this budget.
    public static readonly TimeSpan ShutdownBudget = TimeSpan.FromSeconds(10);

    public static WebApplicationBuilder AddAppHost(this WebApplicationBuilder builder, AppHostSetup setup)
    {
        var model = new AppModel(setup.Options, setup.Repo, HostEnvironment());
        builder.WebHost.UseUrls(model.StatusUrl.ToString());
        builder.Logging.ClearProviders().AddSimpleConsole(console =>
        {
            console.SingleLine = true;
            console.TimestampFormat = "HH:mm:ss ";
        });
        builder.Logging.AddFilter("Microsoft", LogLevel.Warning);

        var services = builder.Services;
        services.Configure<HostOptions>(host => host.ShutdownTimeout = ShutdownBudget);
        services.AddSingleton(setup.Options);
        services.AddSingleton(setup.Repo);
        services.AddSingleton(setup.Scale);
        services.AddSingleton(model);
        services.AddSingleton(TimeProvider.System);
        services.AddSingleton(_ => new HttpClient { Timeout = TimeSpan.FromSeconds(30) });
        services.AddSingleton<ConsoleOutput>();
        services.AddSingleton<Resources>();
        services.AddSingleton<ReplicaSet>();
        services.AddSingleton(new ScalerStatus(StorageNames.WorkQueue, setup.Scale));
        services.AddSingleton(_ => new QueueLengthReader(
            new StorageClients(model.Storage.ConnectionString).Queue(StorageNames.WorkQueue), setup.Scale.QueueLengthStrategy));
        services.AddSingleton<WorkerAutoscaler>();
        services.AddSingleton<DemoJob>();
        services.AddHostedService<AppHostRunner>();
        return builder;
    }

    private static Dictionary<string, string> HostEnvironment() =>
        Environment.GetEnvironmentVariables().Cast<DictionaryEntry>()
            .ToDictionary(variable => (string)variable.Key, variable => (string?)variable.Value ?? "", StringComparer.Ordinal);
}
