using ComputeEngine.Cli.Api;
using Spectre.Console;

namespace ComputeEngine.Cli.Watching;

/// <summary>A live progress bar on a terminal, redrawn on every poll.</summary>
public static class LiveProgress
{
    public static Task<InstanceStatus> RunAsync(
        IAnsiConsole console, string instanceId, Func<Action<ProgressSnapshot>, Task<InstanceStatus>> watch) =>
        console.Progress()
            .AutoClear(false)
            .Columns(new TaskDescriptionColumn { Alignment = Justify.Left }, new ProgressBarColumn(), new PercentageColumn())
            .StartAsync(async progress =>
            {
                var task = progress.AddTask(Markup.Escape(instanceId), autoStart: true, maxValue: 1);
                task.IsIndeterminate = true;
                var status = await watch(snapshot => Show(task, snapshot));
                task.StopTask();
                return status;
            });

    public static void Show(ProgressTask task, ProgressSnapshot snapshot)
    {
        task.IsIndeterminate = !snapshot.TotalKnown || snapshot.Total == 0;
        task.MaxValue = Math.Max(1, snapshot.Total);
        task.Value = snapshot.Done;
        task.Description = Markup.Escape(snapshot.Describe());
    }
}
