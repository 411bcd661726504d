using System.Collections.Concurrent;
using System.Globalization;
using ComputeEngine.AppHost.Model;
using ComputeEngine.AppHost.Running;

namespace ComputeEngine.AppHost.Tests.Running;

public sealed class ChildProcessTests
{
    private readonly ConcurrentQueue<string> _lines = new();

    [Fact]
    public async Task Output_lines_and_the_exit_code_of_the_child_are_reported()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));

        var code = await ChildProcess.RunAsync(Shell("echo hello; echo oops >&2; exit 3"), _lines.Enqueue, timeout.Token);

        Assert.Equal(3, code);
        Assert.Contains("hello", _lines);
        Assert.Contains("oops", _lines);
    }

    [Fact]
    public async Task Asking_a_child_to_stop_sends_it_SIGTERM_so_it_can_drain()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        using var child = ChildProcess.Start(Shell("trap 'echo draining; exit 7' TERM; echo ready; while :; do sleep 0.1; done"), _lines.Enqueue);
        await UntilAsync(() => _lines.Contains("ready"), timeout.Token);

        child.RequestStop();

        Assert.Equal(7, await child.Exited.WaitAsync(timeout.Token));
        Assert.Contains("draining", _lines);
    }

    [Fact]
    public async Task Killing_a_child_also_kills_what_it_started_even_when_it_ignores_SIGTERM()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        using var child = ChildProcess.Start(Shell("trap '' TERM; sleep 300 & echo \"grandchild $!\"; while :; do sleep 0.1; done"), _lines.Enqueue);
        await UntilAsync(() => _lines.Any(l => l.StartsWith("grandchild ", StringComparison.Ordinal)), timeout.Token);
        var grandchild = int.Parse(_lines.First(l => l.StartsWith("grandchild ", StringComparison.Ordinal))["grandchild ".Length..], CultureInfo.InvariantCulture);

        child.RequestStop();
        var stillRunning = await Task.WhenAny(child.Exited, Task.Delay(TimeSpan.FromSeconds(1), timeout.Token)) != child.Exited;
        child.Kill();
        await child.Exited.WaitAsync(timeout.Token);
        await UntilAsync(() => !ProcessTree.IsAlive(grandchild), timeout.Token);

        Assert.True(stillRunning);
        Assert.False(ProcessTree.IsAlive(grandchild));
    }

    [Fact]
    public async Task Cancelling_a_one_shot_command_kills_it()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        using var cancel = CancellationTokenSource.CreateLinkedTokenSource(timeout.Token);
        var run = ChildProcess.RunAsync(Shell("echo started; sleep 300"), _lines.Enqueue, cancel.Token);
        await UntilAsync(() => _lines.Contains("started"), timeout.Token);

        await cancel.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => run.WaitAsync(timeout.Token));
    }

    private static ProcessCommand Shell(string script) =>
        new("/bin/sh", ["-c", script], Path.GetTempPath(), new Dictionary<string, string>());

    private static async Task UntilAsync(Func<bool> condition, CancellationToken cancellationToken)
    {
        while (!condition())
        {
            await Task.Delay(20, cancellationToken);
        }
    }
}
