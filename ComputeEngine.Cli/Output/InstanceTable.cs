using System.Globalization;
using ComputeEngine.Cli.Api;
using Spectre.Console;

namespace ComputeEngine.Cli.Output;

/// <summary>Jobs as a table: one row each.</summary>
public static class InstanceTable
{
    public static void Write(IAnsiConsole console, IReadOnlyList<InstanceStatus> jobs)
    {
        if (jobs.Count == 0)
        {
            console.Profile.Out.Writer.WriteLine("No jobs match.");
            return;
        }

        var table = new Table().Border(TableBorder.Simple)
            .AddColumn(new TableColumn("Job"))
            .AddColumn(new TableColumn("Status").NoWrap())
            .AddColumn(new TableColumn("Created").NoWrap())
            .AddColumn(new TableColumn("Done").RightAligned())
            .AddColumn(new TableColumn("Failed").RightAligned())
            .AddColumn(new TableColumn("Total").RightAligned());
        foreach (var job in jobs.OrderByDescending(j => j.CreatedTime))
        {
            var progress = job.CustomStatus ?? new JobProgress(-1, 0, 0, 0);
            table.AddRow(
                new Text(job.InstanceId),
                new Markup($"[{Formats.StatusColor(job.RuntimeStatus)}]{Markup.Escape(job.RuntimeStatus)}[/]"),
                new Text(Formats.Time(job.CreatedTime)),
                new Text(Number(progress.Succeeded + progress.Failed)),
                new Text(Number(progress.Failed)),
                new Text(progress.Total < 0 ? "?" : Number(progress.Total)));
        }

        console.Write(table);
        console.Profile.Out.Writer.WriteLine(jobs.Count == 1 ? "1 job" : $"{jobs.Count} jobs");
    }

    private static string Number(int value) => value.ToString(CultureInfo.InvariantCulture);
}
