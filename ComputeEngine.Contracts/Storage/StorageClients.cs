using Azure.Core;
using Azure.Core.Pipeline;
using Azure.Data.Tables;
using Azure.Identity;
using Azure.Storage.Blobs;
using Azure.Storage.Queues;

namespace ComputeEngine.Contracts.Storage;

/// <summary>
/// The blob, queue and table clients of one storage account, built from the Aspire-style
/// <c>ConnectionStrings:storage</c> value: a connection string (Azurite, keys) or, in the cloud, the
/// account's blob endpoint URI, used with <see cref="DefaultAzureCredential"/>.
/// </summary>
public sealed class StorageClients
{
    /// <summary>Creates the clients for <paramref name="connection"/>.</summary>
    /// <param name="connection">A connection string, or an <c>https://account.blob.…</c> endpoint.</param>
    /// <param name="configure">Lets a caller add pipeline policies (e.g. request counting) to every client.</param>
    public StorageClients(string connection, Action<ClientOptions>? configure = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(connection);
        var blobOptions = Configure(new BlobClientOptions(), "blob", configure);
        // Messages are UTF-8 JSON, not base64: KEDA only counts them, and text stays readable in tools.
        var queueOptions = Configure(new QueueClientOptions { MessageEncoding = QueueMessageEncoding.None }, "queue", configure);
        var tableOptions = Configure(new TableClientOptions(), "table", configure);

        if (Uri.TryCreate(connection, UriKind.Absolute, out var blobEndpoint) && blobEndpoint.Scheme == Uri.UriSchemeHttps)
        {
            var credential = new DefaultAzureCredential();
            Blobs = new BlobServiceClient(blobEndpoint, credential, blobOptions);
            Queues = new QueueServiceClient(SiblingEndpoint(blobEndpoint, "queue"), credential, queueOptions);
            Tables = new TableServiceClient(SiblingEndpoint(blobEndpoint, "table"), credential, tableOptions);
        }
        else
        {
            Blobs = new BlobServiceClient(connection, blobOptions);
            Queues = new QueueServiceClient(connection, queueOptions);
            Tables = new TableServiceClient(connection, tableOptions);
        }
    }

    /// <summary>The blob service.</summary>
    public BlobServiceClient Blobs { get; }

    /// <summary>The queue service.</summary>
    public QueueServiceClient Queues { get; }

    /// <summary>The table service.</summary>
    public TableServiceClient Tables { get; }

    /// <summary>A queue by name.</summary>
    /// <param name="name">One of <see cref="StorageNames"/>.</param>
    /// <returns>The queue client.</returns>
    public QueueClient Queue(string name) => Queues.GetQueueClient(name);

    /// <summary>A container by name.</summary>
    /// <param name="name">One of <see cref="StorageNames"/>.</param>
    /// <returns>The container client.</returns>
    public BlobContainerClient Container(string name) => Blobs.GetBlobContainerClient(name);

    /// <summary>A table by name.</summary>
    /// <param name="name">One of <see cref="StorageNames"/>.</param>
    /// <returns>The table client.</returns>
    public TableClient Table(string name) => Tables.GetTableClient(name);

    /// <summary>Creates every queue, container and table that does not exist yet.</summary>
    /// <param name="cancellationToken">Cancels the calls.</param>
    /// <returns>A task.</returns>
    public async Task EnsureCreatedAsync(CancellationToken cancellationToken)
    {
        foreach (var queue in StorageNames.Queues)
        {
            await Queue(queue).CreateIfNotExistsAsync(cancellationToken: cancellationToken);
        }

        foreach (var container in StorageNames.Containers)
        {
            await Container(container).CreateIfNotExistsAsync(cancellationToken: cancellationToken);
        }

        foreach (var table in StorageNames.Tables)
        {
            await Tables.CreateTableIfNotExistsAsync(table, cancellationToken);
        }
    }

    private static T Configure<T>(T options, string service, Action<ClientOptions>? configure) where T : ClientOptions
    {
        // Ride out an emulator restart or a throttling burst rather than failing the message.
        options.Retry.MaxRetries = 6;
        options.Retry.Mode = RetryMode.Exponential;
        options.Retry.Delay = TimeSpan.FromMilliseconds(200);
        options.Retry.MaxDelay = TimeSpan.FromSeconds(5);
        options.Retry.NetworkTimeout = TimeSpan.FromSeconds(30);
        options.AddPolicy(new StorageRequestCounter(service), HttpPipelinePosition.PerRetry);
        configure?.Invoke(options);
        return options;
    }

    private static Uri SiblingEndpoint(Uri blobEndpoint, string service) =>
        new UriBuilder(blobEndpoint) { Host = blobEndpoint.Host.Replace(".blob.", $".{service}.", StringComparison.OrdinalIgnoreCase) }.Uri;
}
