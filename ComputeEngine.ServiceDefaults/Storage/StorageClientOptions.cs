using Azure.Core;
using Azure.Core.Pipeline;
using Azure.Data.Tables;
using Azure.Storage.Blobs;
using Azure.Storage.Queues;

namespace ComputeEngine.ServiceDefaults.Storage;

/// <summary>The options every storage client gets, inside dependency injection or not.</summary>
public static class StorageClientOptions
{
    /// <summary>The blob service's name, as endpoints and the request counter's tag spell it.</summary>
    public const string BlobService = "blob";

    /// <summary>The queue service's name.</summary>
    public const string QueueService = "queue";

    /// <summary>The table service's name.</summary>
    public const string TableService = "table";

    /// <summary>Retries that ride out an emulator restart or a throttling burst rather than failing the message.</summary>
    /// <param name="options">Any client's options.</param>
    public static void ConfigureRetry(ClientOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Retry.MaxRetries = 6;
        options.Retry.Mode = RetryMode.Exponential;
        options.Retry.Delay = TimeSpan.FromMilliseconds(200);
        options.Retry.MaxDelay = TimeSpan.FromSeconds(5);
        options.Retry.NetworkTimeout = TimeSpan.FromSeconds(30);
    }

    /// <summary>Counts the client's requests (retries included) under <paramref name="service"/>.</summary>
    /// <param name="options">The client's options.</param>
    /// <param name="service">blob, queue or table.</param>
    public static void Count(ClientOptions options, string service)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.AddPolicy(new StorageRequestCounter(service), HttpPipelinePosition.PerRetry);
    }

    /// <summary>Messages are UTF-8 JSON, not base64: KEDA only counts them, and text stays readable in tools.</summary>
    /// <param name="options">The queue client's options.</param>
    public static void UseTextMessages(QueueClientOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.MessageEncoding = QueueMessageEncoding.None;
    }

    internal static BlobClientOptions Blob(Action<ClientOptions>? configure) => Configure(new BlobClientOptions(), BlobService, configure);

    internal static QueueClientOptions Queue(Action<ClientOptions>? configure)
    {
        var options = Configure(new QueueClientOptions(), QueueService, configure);
        UseTextMessages(options);
        return options;
    }

    internal static TableClientOptions Table(Action<ClientOptions>? configure) => Configure(new TableClientOptions(), TableService, configure);

    private static T Configure<T>(T options, string service, Action<ClientOptions>? configure) where T : ClientOptions
    {
        ConfigureRetry(options);
        Count(options, service);
        configure?.Invoke(options);
        return options;
    }
}
