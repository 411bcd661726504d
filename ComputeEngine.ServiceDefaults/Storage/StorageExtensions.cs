using Azure.Data.Tables;
using Azure.Identity;
using Azure.Storage.Blobs;
using Azure.Storage.Queues;
using Microsoft.Extensions.Azure;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Hosting;

namespace ComputeEngine.ServiceDefaults.Storage;

/// <summary>
/// Registers the storage account's clients the way Aspire's <c>Aspire.Azure.*</c> client integrations do
/// (they are not served here): through <c>Microsoft.Extensions.Azure</c>, from the connection <c>storage</c>,
/// with health checks of each service behind <c>/health</c>.
/// </summary>
public static class StorageExtensions
{
    /// <summary>The Aspire connection name of the storage account.</summary>
    public const string ConnectionName = "storage";

    private const string HealthTag = "storage";

    /// <summary>
    /// Adds the blob, queue and table service clients (and <see cref="StorageClients"/> over them), built from
    /// <c>ConnectionStrings:storage</c>: a connection string, or the blob endpoint signed in to with
    /// <see cref="DefaultAzureCredential"/> (workload identity in the cluster).
    /// </summary>
    /// <param name="builder">The host builder.</param>
    /// <param name="createIfMissing">
    /// Whether to create the queues, containers and tables at start; false for a reader (the dashboard),
    /// whose identity may not create anything.
    /// </param>
    /// <param name="unreachable">
    /// What <c>/health</c> reports while storage does not answer: Unhealthy for a service that cannot work
    /// without it, Degraded for one that still serves something (the dashboard's pages).
    /// </param>
    /// <returns>The same builder.</returns>
    public static IHostApplicationBuilder AddStorageClients(this IHostApplicationBuilder builder, bool createIfMissing = true, HealthStatus unreachable = HealthStatus.Unhealthy)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Services.AddAzureClients(clients =>
        {
            clients.UseCredential(_ => new DefaultAzureCredential());
            clients.ConfigureDefaults(StorageClientOptions.ConfigureRetry);
            // Factories read the connection when the client is first resolved, not now: a test host's
            // configuration (WebApplicationFactory) is only complete once the host is built.
            clients.AddClient<BlobServiceClient, BlobClientOptions>((options, credential, services) => Create(
                    services, StorageClientOptions.BlobService, uri => new BlobServiceClient(uri, credential, options), value => new BlobServiceClient(value, options)))
                .ConfigureOptions(options => StorageClientOptions.Count(options, StorageClientOptions.BlobService));
            clients.AddClient<QueueServiceClient, QueueClientOptions>((options, credential, services) => Create(
                    services, StorageClientOptions.QueueService, uri => new QueueServiceClient(uri, credential, options), value => new QueueServiceClient(value, options)))
                .ConfigureOptions(options =>
                {
                    StorageClientOptions.Count(options, StorageClientOptions.QueueService);
                    StorageClientOptions.UseTextMessages(options);
                });
            clients.AddClient<TableServiceClient, TableClientOptions>((options, credential, services) => Create(
                    services, StorageClientOptions.TableService, uri => new TableServiceClient(uri, credential, options), value => new TableServiceClient(value, options)))
                .ConfigureOptions(options => StorageClientOptions.Count(options, StorageClientOptions.TableService));
        });
        builder.Services.AddSingleton(services => new StorageClients(
            services.GetRequiredService<BlobServiceClient>(),
            services.GetRequiredService<QueueServiceClient>(),
            services.GetRequiredService<TableServiceClient>()));
        builder.Services.AddHealthChecks()
            .Add(Check("storage-blob", StorageHealthCheck.Blobs, unreachable))
            .Add(Check("storage-queue", StorageHealthCheck.Queues, unreachable))
            .Add(Check("storage-table", StorageHealthCheck.Tables, unreachable));
        if (createIfMissing)
        {
            builder.Services.AddHostedService<StorageInitializer>();
        }

        return builder;
    }

    private static HealthCheckRegistration Check(string name, Func<StorageClients, StorageHealthCheck> create, HealthStatus unreachable) =>
        new(name, services => create(services.GetRequiredService<StorageClients>()), unreachable, [HealthTag], StorageHealthCheck.Timeout);

    private static T Create<T>(IServiceProvider services, string service, Func<Uri, T> withCredential, Func<string, T> withConnectionString)
    {
        var connection = Connection(services);
        return connection.IsEndpoint ? withCredential(connection.Endpoint(service)) : withConnectionString(connection.Value);
    }

    private static StorageConnection Connection(IServiceProvider services)
    {
        var connection = services.GetRequiredService<IConfiguration>().GetConnectionString(ConnectionName);
        return string.IsNullOrWhiteSpace(connection)
            ? throw new InvalidOperationException(
                $"ConnectionStrings:{ConnectionName} is not set; run through ComputeEngine.AppHost or set ConnectionStrings__{ConnectionName}.")
            : new StorageConnection(connection);
    }
}
