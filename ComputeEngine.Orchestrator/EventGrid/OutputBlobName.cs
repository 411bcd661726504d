using ComputeEngine.Contracts.Storage;

namespace ComputeEngine.Orchestrator.EventGrid;

/// <summary>Reads the job and batch back out of an output blob's URL (see <see cref="OutputBlobNames"/>).</summary>
public static class OutputBlobName
{
    public static bool TryParse(Uri url, out string instanceId, out int batch, out string blobName)
    {
        (instanceId, batch, blobName) = ("", 0, "");
        var marker = "/" + StorageNames.OutputContainer + "/";
        var path = Uri.UnescapeDataString(url.AbsolutePath);
        var at = path.IndexOf(marker, StringComparison.Ordinal);
        if (at < 0)
        {
            return false;
        }

        blobName = path[(at + marker.Length)..];
        return OutputBlobNames.TryParse(blobName, out instanceId, out batch);
    }
}
