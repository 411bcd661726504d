using System.Globalization;

namespace ComputeEngine.Cli.Output;

/// <summary>Names of the files <c>results --out</c> writes: the input file's own name for a job started on uploaded files, else the item id.</summary>
public static class OutputNames
{
    public static string ForItem(int itemId, int total)
    {
        var width = total > 1 ? (total - 1).ToString(CultureInfo.InvariantCulture).Length : 1;
        return itemId.ToString("D" + width.ToString(CultureInfo.InvariantCulture), CultureInfo.InvariantCulture) + ".json";
    }

    /// <summary>The input blob's path below the job's prefix folder (<c>uploads/x/a/b.json</c> under <c>uploads/x/</c> is <c>a/b.json</c>); null when it cannot safely name a file.</summary>
    public static string? ForInputBlob(string inputBlob, string prefix)
    {
        var folder = prefix[..(prefix.LastIndexOf('/') + 1)];
        var relative = inputBlob.StartsWith(folder, StringComparison.Ordinal) ? inputBlob[folder.Length..] : inputBlob;
        var parts = relative.Split('/');
        return parts.Any(part => part is "" or "." or ".." || part.IndexOfAny([.. Path.GetInvalidFileNameChars(), '\\', ':']) >= 0)
            ? null
            : relative;
    }
}
