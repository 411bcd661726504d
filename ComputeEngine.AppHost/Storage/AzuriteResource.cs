namespace ComputeEngine.AppHost.Storage;

/// <summary>
/// Azurite run from the repository's pinned npm package: Aspire.Hosting.Azure.Storage is not available here
/// and its emulator needs Docker.
/// </summary>
internal sealed class AzuriteResource(string name, string command, string workingDirectory)
    : ExecutableResource(name, command, workingDirectory), IResourceWithConnectionString
{
    public const string BlobEndpointName = "blob";
    public const string QueueEndpointName = "queue";
    public const string TableEndpointName = "table";

    // Azurite's well-known development account; it is public and only valid against the emulator.
    private const string AccountKey = "Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==";

    public EndpointReference Blob => new(this, BlobEndpointName);

    public EndpointReference Queue => new(this, QueueEndpointName);

    public EndpointReference Table => new(this, TableEndpointName);

    // Azurite answers 400 to a host of "localhost" in path-style URLs, so the IPv4 address is used.
    public ReferenceExpression ConnectionStringExpression => ReferenceExpression.Create(
        $"DefaultEndpointsProtocol=http;AccountName=devstoreaccount1;AccountKey={AccountKey};" +
        $"BlobEndpoint={Endpoint(Blob)};QueueEndpoint={Endpoint(Queue)};TableEndpoint={Endpoint(Table)};");

    private static ReferenceExpression Endpoint(EndpointReference endpoint) => ReferenceExpression.Create(
        $"http://{endpoint.Property(EndpointProperty.IPV4Host)}:{endpoint.Property(EndpointProperty.Port)}/devstoreaccount1");
}
