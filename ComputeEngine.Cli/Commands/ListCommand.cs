using System.CommandLine;
using System.Text.Json;
using ComputeEngine.Cli.Api;
using ComputeEngine.Cli.Output;

namespace ComputeEngine.Cli.Commands;

public static class ListCommand
{
    public static Command Create(CliContext context, GlobalOptions global)
    {
        var status = new Option<string[]>("--status")
        {
            Description = "Only jobs in these runtime statuses (Pending, Running, Suspended, Completed, Failed, Terminated); repeat or separate with commas",
            AllowMultipleArgumentsPerToken = true,
        };
        var from = new Option<DateTimeOffset?>("--from") { Description = "Only jobs created at or after this time (ISO 8601, UTC unless an offset is given)" };
        var to = new Option<DateTimeOffset?>("--to") { Description = "Only jobs created at or before this time" };
        var prefix = new Option<string>("--prefix") { Description = "Only jobs whose id starts with this" };
        var top = new Option<int?>("--top") { Description = "At most this many jobs (default: all, fetched page by page)" };
        top.Validators.Add(result =>
        {
            if (result.GetValueOrDefault<int?>() is < 1)
            {
                result.AddError("--top must be at least 1.");
            }
        });
        // Hidden: the API's page size, which only matters to see paging work.
        var pageSize = new Option<int>("--page-size") { Hidden = true, DefaultValueFactory = _ => 100 };
        var json = new Option<bool>("--json") { Description = "Print the jobs as a JSON array, as the API returns them" };
        var command = new Command("list", "List jobs, filtered as the Durable Functions API filters them: by status, creation time and id prefix")
        {
            status, from, to, prefix, top, json, pageSize,
        };
        command.Runs(context, async (parse, cancellationToken) =>
        {
            using var client = global.CreateClient(parse, context);
            var filter = new InstanceListFilter(
                [.. (parse.GetValue(status) ?? []).SelectMany(s => s.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))],
                parse.GetValue(from),
                parse.GetValue(to),
                parse.GetValue(prefix));
            var jobs = await ReadAllAsync(client, filter, parse.GetValue(pageSize), parse.GetValue(top), cancellationToken);
            if (parse.GetValue(json))
            {
                JsonOutput.WriteIndented(context.Out, JsonSerializer.SerializeToElement(jobs, ApiJsonContext.Default.ListInstanceStatus));
            }
            else
            {
                InstanceTable.Write(context.Console, jobs);
            }

            return ExitCodes.Success;
        });
        return command;
    }

    private static async Task<List<InstanceStatus>> ReadAllAsync(
        OrchestratorClient client, InstanceListFilter filter, int pageSize, int? limit, CancellationToken cancellationToken)
    {
        var jobs = new List<InstanceStatus>();
        string? continuation = null;
        do
        {
            var wanted = Math.Min(pageSize, (limit ?? int.MaxValue) - jobs.Count);
            var (page, next) = await client.ListAsync(filter, wanted, continuation, cancellationToken);
            jobs.AddRange(page.Take(wanted));
            continuation = next;
        }
        while (continuation is not null && jobs.Count < (limit ?? int.MaxValue));

        return jobs;
    }
}
