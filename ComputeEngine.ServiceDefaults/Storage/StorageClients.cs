using Azure;
using Azure.Core;
using Azure.Data.Tables;
using Azure.Identity;
using Azure.Storage.Blobs;
using Azure.Storage.Queues;
using ComputeEngine.Contracts.Storage;

namespace ComputeEngine.ServiceDefaults.Storage;

/// <summary>The blob, queue and table clients of the one storage account every service shares.</summary>
/// <param name="blobs">The blob service.</param>
/// <param name="queues">The queue service.</param>
/// <param name="tables">The table service.</param>
public sealed class StorageClients(BlobServiceClient blobs, QueueServiceClient queues, TableServiceClient tables)
{
    /// <summary>
    /// Creates the clients outside dependency injection (the CLI, the AppHost's scaler, tests), with the same
    /// options the services get from <see cref="StorageExtensions.AddStorageClients"/>.
    /// </summary>
    /// <param name="connection">A connection string, or an <c>https://account.blob.…</c> endpoint.</param>
    /// <param name="configure">Lets a caller change the options of every client (e.g. a shorter retry budget).</param>
    public StorageClients(string connection, Action<ClientOptions>? configure = null)
        : this(Create(new StorageConnection(connection), configure))
    {
    }

    private StorageClients((BlobServiceClient Blobs, QueueServiceClient Queues, TableServiceClient Tables) clients)
        : this(clients.Blobs, clients.Queues, clients.Tables)
    {
    }

    /// <summary>The blob service.</summary>
    public BlobServiceClient Blobs { get; } = blobs;

    /// <summary>The queue service.</summary>
    public QueueServiceClient Queues { get; } = queues;

    /// <summary>The table service.</summary>
    public TableServiceClient Tables { get; } = tables;

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

    /// <summary>
    /// The approximate number of messages in a queue, invisible ones included (KEDA's <c>queueLengthStrategy: all</c>);
    /// 0 before the queue is created.
    /// </summary>
    /// <param name="name">One of <see cref="StorageNames"/>.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The count.</returns>
    public Task<long> QueueLengthAsync(string name, CancellationToken cancellationToken) => QueueLengthAsync(Queue(name), cancellationToken);

    /// <summary>The approximate number of messages in <paramref name="queue"/>, as <see cref="QueueLengthAsync(string, CancellationToken)"/>.</summary>
    /// <param name="queue">The queue.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The count.</returns>
    public static async Task<long> QueueLengthAsync(QueueClient queue, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(queue);
        try
        {
            return (await queue.GetPropertiesAsync(cancellationToken)).Value.ApproximateMessagesCountLong;
        }
        catch (RequestFailedException e) when (e.Status == 404)
        {
            return 0;
        }
    }

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

    private static (BlobServiceClient, QueueServiceClient, TableServiceClient) Create(StorageConnection connection, Action<ClientOptions>? configure)
    {
        var blobOptions = StorageClientOptions.Blob(configure);
        var queueOptions = StorageClientOptions.Queue(configure);
        var tableOptions = StorageClientOptions.Table(configure);
        if (!connection.IsEndpoint)
        {
            return (new BlobServiceClient(connection.Value, blobOptions), new QueueServiceClient(connection.Value, queueOptions), new TableServiceClient(connection.Value, tableOptions));
        }

        var credential = new DefaultAzureCredential();
        return (
            new BlobServiceClient(connection.Endpoint(StorageClientOptions.BlobService), credential, blobOptions),
            new QueueServiceClient(connection.Endpoint(StorageClientOptions.QueueService), credential, queueOptions),
            new TableServiceClient(connection.Endpoint(StorageClientOptions.TableService), credential, tableOptions));
    }
}
