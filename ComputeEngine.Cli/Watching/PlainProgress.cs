namespace ComputeEngine.Cli.Watching;

/// <summary>Progress as plain lines, for a log or a pipe: the first, then at most one every few seconds when something changed, and the last.</summary>
public sealed class PlainProgress(TextWriter output, TimeProvider clock)
{
    private static readonly TimeSpan MinimumInterval = TimeSpan.FromSeconds(2);
    private string? _lastLine;
    private long _lastWritten;

    public void Report(ProgressSnapshot snapshot)
    {
        var final = RuntimeStatus.IsFinal(snapshot.RuntimeStatus);
        var counts = $"{snapshot.RuntimeStatus} {snapshot.Done} {snapshot.Failed} {snapshot.Total}";
        var due = _lastLine is null || clock.GetElapsedTime(_lastWritten) >= MinimumInterval;
        if (counts == _lastLine || (!due && !final))
        {
            return;
        }

        output.WriteLine(snapshot.Describe());
        output.Flush();
        _lastLine = counts;
        _lastWritten = clock.GetTimestamp();
    }
}
