namespace ComputeEngine.ServiceDefaults.Storage;

/// <summary>
/// The Aspire-style <c>ConnectionStrings:storage</c> value, read one way everywhere: a connection string
/// (Azurite, account keys) or, in the cloud, the account's blob endpoint URI (the Helm chart and Bicep pass
/// <c>https://{account}.blob.core.windows.net/</c>), whose queue and table endpoints are its siblings and
/// which is used with a token credential (workload identity).
/// </summary>
public sealed class StorageConnection
{
    private readonly Uri? _blobEndpoint;

    /// <summary>Reads <paramref name="value"/>.</summary>
    /// <param name="value">A connection string, or an <c>https://account.blob.…</c> endpoint.</param>
    public StorageConnection(string value)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(value);
        Value = value;
        if (Uri.TryCreate(value, UriKind.Absolute, out var endpoint) && endpoint.Scheme == Uri.UriSchemeHttps)
        {
            _blobEndpoint = endpoint;
        }
    }

    /// <summary>The value as configured.</summary>
    public string Value { get; }

    /// <summary>Whether the value is an endpoint (sign in with a credential) rather than a connection string.</summary>
    public bool IsEndpoint => _blobEndpoint is not null;

    /// <summary>The endpoint of one service of the account.</summary>
    /// <param name="service">blob, queue or table.</param>
    /// <returns>The service's URI.</returns>
    public Uri Endpoint(string service) => _blobEndpoint is null
        ? throw new InvalidOperationException("A connection string names its endpoints itself.")
        : new UriBuilder(_blobEndpoint) { Host = _blobEndpoint.Host.Replace(".blob.", $".{service}.", StringComparison.OrdinalIgnoreCase) }.Uri;
}
