using System.Text;
using ComputeEngine.Cli.Api;
using ComputeEngine.Cli.Output;

namespace ComputeEngine.Cli.Watching;

/// <summary>What a watcher shows at one moment: counts, rate and the time left.</summary>
public sealed record ProgressSnapshot(string RuntimeStatus, int Total, int Succeeded, int Failed, double? ItemsPerSecond)
{
    public int Done => Succeeded + Failed;

    public bool TotalKnown => Total >= 0;

    public TimeSpan? Eta => TotalKnown && ItemsPerSecond is > 0 && RuntimeStatus is Contracts.Api.RuntimeStatus.Running or Contracts.Api.RuntimeStatus.Pending
        ? TimeSpan.FromSeconds(Math.Max(0, Total - Done) / ItemsPerSecond.Value)
        : null;

    public static ProgressSnapshot Of(InstanceStatus status, double? itemsPerSecond)
    {
        var progress = status.CustomStatus ?? new JobProgress(-1, 0, 0, 0);
        return new ProgressSnapshot(status.RuntimeStatus, progress.Total, progress.Succeeded, progress.Failed, itemsPerSecond);
    }

    /// <summary>For example <c>Running: 120/1000 done, 3 failed, 45.2 items/s, ETA 19s</c>.</summary>
    public string Describe()
    {
        var text = new StringBuilder()
            .Append(RuntimeStatus).Append(": ")
            .Append(Done).Append('/').Append(TotalKnown ? Total.ToString(System.Globalization.CultureInfo.InvariantCulture) : "?")
            .Append(" done, ").Append(Failed).Append(" failed");
        if (ItemsPerSecond is { } rate)
        {
            text.Append(", ").Append(Formats.Rate(rate)).Append(" items/s");
        }

        if (Eta is { } eta)
        {
            text.Append(", ETA ").Append(Formats.Duration(eta));
        }

        return text.ToString();
    }
}
