using System.Globalization;
using ComputeEngine.Contracts.Storage;

namespace ComputeEngine.Orchestrator.EventGrid;

/// <summary>Reads the job and batch back out of an output blob's URL (<c>…/output/{instanceId}/{batch}-{first}-{pass}.jsonl</c>).</summary>
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
        var parts = blobName.Split('/');
        if (parts.Length != 2 || !InstanceIds.IsValid(parts[0]) || !parts[1].EndsWith(".jsonl", StringComparison.Ordinal))
        {
            return false;
        }

        instanceId = parts[0];
        var dash = parts[1].IndexOf('-', StringComparison.Ordinal);
        return dash > 0 && int.TryParse(parts[1].AsSpan(0, dash), NumberStyles.None, CultureInfo.InvariantCulture, out batch);
    }
}
