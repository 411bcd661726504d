namespace ComputeEngine.Orchestrator.Instances;

/// <summary>Where a job's inputs come from.</summary>
public static class InputKind
{
    /// <summary>The seed's <c>inputCount</c>: generated inputs <c>[1,1]</c>.</summary>
    public const string Count = "count";

    /// <summary>An <c>inputs</c> array from the request, kept as a blob.</summary>
    public const string Inline = "inline";

    /// <summary>Blobs already in the input container under <c>inputBlobPrefix</c>.</summary>
    public const string BlobPrefix = "prefix";
}
