namespace ComputeEngine.Deploy.Tests.Support;

public static class TestTimeouts
{
    /// <summary>One tool run (bicep, helm, node) on a loaded 2-core CI machine.</summary>
    public static TimeSpan Tool { get; } = TimeSpan.FromMinutes(2);

    /// <summary>Installing the npm tools and extracting helm on a fresh machine.</summary>
    public static TimeSpan Install { get; } = TimeSpan.FromMinutes(8);

    public static CancellationTokenSource ForTool() => new(Tool);
}
