using System.Globalization;

namespace ComputeEngine.AppHost.Model;

internal sealed record AzuriteEndpoints(int BlobPort, int QueuePort, int TablePort)
{
    // Azurite's well-known development account; it is public and only valid against the emulator.
    public const string AccountKey = "Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==";

    public Uri Blob => Endpoint(BlobPort);

    public Uri Queue => Endpoint(QueuePort);

    public Uri Table => Endpoint(TablePort);

    public string ConnectionString =>
        $"DefaultEndpointsProtocol=http;AccountName=devstoreaccount1;AccountKey={AccountKey};" +
        $"BlobEndpoint={Blob};QueueEndpoint={Queue};TableEndpoint={Table};";

    private static Uri Endpoint(int port) =>
        new(string.Create(CultureInfo.InvariantCulture, $"http://127.0.0.1:{port}/devstoreaccount1"));
}
