using System.Text.Json;
using ComputeEngine.Cli.Api;
using Spectre.Console;

namespace ComputeEngine.Cli.Output;

/// <summary>One job's status as a two-column grid.</summary>
public static class StatusView
{
    public static void Write(IAnsiConsole console, InstanceStatus status)
    {
        var grid = new Grid().AddColumn(new GridColumn().NoWrap().PadRight(2)).AddColumn();
        Add(grid, "Job", status.InstanceId);
        grid.AddRow(new Text("Status"), new Markup($"[{Formats.StatusColor(status.RuntimeStatus)}]{Markup.Escape(status.RuntimeStatus)}[/]"
            + (status.CustomStatus?.StillRunning is > 0 and var stopping ? $" (stopping: {stopping} still running)" : "")));
        Add(grid, "Algorithm", status.Algorithm ?? "-");
        Add(grid, "Input", DescribeInput(status.Input));
        Add(grid, "Progress", DescribeProgress(status.CustomStatus));
        Add(grid, "Created", Formats.Time(status.CreatedTime));
        Add(grid, "Updated", Formats.Time(status.LastUpdatedTime));
        if (status.Output is { } output)
        {
            Add(grid, "Output", $"{output.OutputContainer}/{output.OutputPrefix}");
            foreach (var (error, index) in (output.Errors ?? []).OrderBy(e => e.ItemId).Select((e, i) => (e, i)))
            {
                Add(grid, index == 0 ? "Errors" : "", $"item {error.ItemId} after {JobReport.Attempts(error.Attempts)}: {error.Error}");
            }
        }

        console.Write(grid);
    }

    public static string DescribeProgress(JobProgress? progress) => progress switch
    {
        null => "-",
        { Total: < 0 } p => $"{p.Succeeded + p.Failed} done so far: {p.Succeeded} succeeded, {p.Failed} failed (inputs still being listed)",
        var p => $"{p.Succeeded + p.Failed} of {p.Total} done: {p.Succeeded} succeeded, {p.Failed} failed ({p.Dispatched} dispatched)",
    };

    public static string DescribeInput(JsonElement? input)
    {
        if (input is not { ValueKind: JsonValueKind.Object } value)
        {
            return "-";
        }

        if (value.TryGetProperty("inputBlobPrefix", out var prefix))
        {
            return $"blobs under input/{prefix.GetString()}";
        }

        if (value.TryGetProperty("inputs", out var inputs) && inputs.ValueKind == JsonValueKind.Array)
        {
            return $"{inputs.GetArrayLength()} inputs in the request";
        }

        if (value.TryGetProperty("inputsBlob", out var blob))
        {
            return $"{Count(value)} inputs in {blob.GetString()}";
        }

        return value.TryGetProperty("inputCount", out _) ? $"{Count(value)} generated inputs" : value.GetRawText();
    }

    private static string Count(JsonElement input) =>
        input.TryGetProperty("inputCount", out var count) ? count.GetRawText() : "?";

    private static void Add(Grid grid, string name, string value) => grid.AddRow(new Text(name), new Text(value));
}
