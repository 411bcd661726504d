using System.CommandLine;
using ComputeEngine.Cli.Api;
using ComputeEngine.Cli.Inputs;
using ComputeEngine.Cli.Output;
using ComputeEngine.Cli.Watching;

namespace ComputeEngine.Cli.Commands;

public static class SubmitCommand
{
    public static Command Create(CliContext context, GlobalOptions global)
    {
        var count = new Option<int?>("--count") { Description = "Run N generated inputs ([1,1] each)" };
        var inputs = new Option<string>("--inputs") { Description = "A JSON-lines file: one JSON input per line ('-' reads standard input)" };
        var dir = new Option<string>("--dir") { Description = "A folder: each file matching --pattern (one JSON value) becomes an input blob; item ids follow the files' names in ordinal order" };
        var pattern = new Option<string>("--pattern") { Description = $"With --dir: which files to submit, as a file-name wildcard (default: {InputFolder.DefaultPattern})" };
        var algorithm = new Option<string>("--algorithm") { Description = "The algorithm the workers run (default: sum)" };
        var batchSize = new Option<int?>("--batch-size") { Description = "Items per queue message" };
        var priority = new Option<int?>("--priority") { Description = "1 (lowest) to 5 (highest), default 3: higher is dispatched first, equal jobs share the workers" };
        var maxParallelism = new Option<int?>("--max-parallelism") { Description = "At most this many of the job's items running at once" };
        var id = new Option<string>("--id") { Description = "The job's instance id (default: a new one)" };
        var wait = new Option<bool>("--wait") { Description = "Follow the job like 'watch' and exit as it does" };
        var storage = StorageOptions.Create();
        var command = new Command("submit", "Start a job") { count, inputs, dir, pattern, algorithm, batchSize, priority, maxParallelism, id, wait, storage };
        command.Validators.Add(result =>
        {
            var given = new Option[] { count, inputs, dir }.Count(o => result.GetResult(o) is not null);
            if (given != 1)
            {
                result.AddError("Give exactly one of --count, --inputs or --dir.");
            }

            if (result.GetResult(pattern) is not null && result.GetResult(dir) is null)
            {
                result.AddError("--pattern goes with --dir.");
            }

            if (result.GetValue(count) is < 1)
            {
                result.AddError("--count must be at least 1.");
            }

            if (result.GetValue(batchSize) is < 1)
            {
                result.AddError("--batch-size must be at least 1.");
            }
        });
        command.Runs(context, async (parse, cancellationToken) =>
        {
            using var client = global.CreateClient(parse, context);
            var options = new JobOptions(parse.GetValue(algorithm), parse.GetValue(batchSize), parse.GetValue(priority), parse.GetValue(maxParallelism));
            byte[] body;
            if (parse.GetValue(count) is { } n)
            {
                body = StartBody.ForCount(n, options);
            }
            else if (parse.GetValue(inputs) is { } file)
            {
                body = await ReadJsonLinesAsync(context, file, options, cancellationToken);
            }
            else
            {
                var folder = parse.GetRequiredValue(dir);
                body = await UploadFolderAsync(
                    context, client, folder, parse.GetValue(pattern) ?? InputFolder.DefaultPattern, StorageOptions.Resolve(parse, storage, context), options, cancellationToken);
            }

            var started = await client.StartAsync(parse.GetValue(id), body, cancellationToken);
            context.Out.WriteLine($"Started job {started.Id}");
            if (parse.GetValue(wait))
            {
                return await JobFollower.FollowAsync(context, client, started.Id, cancellationToken);
            }

            context.Out.WriteLine($"Follow it with: computeengine watch {started.Id}");
            return ExitCodes.Success;
        });
        return command;
    }

    private static async Task<byte[]> ReadJsonLinesAsync(CliContext context, string file, JobOptions options, CancellationToken cancellationToken)
    {
        if (file == "-")
        {
            return (await StartBody.ForJsonLinesAsync(context.In, "standard input", options, cancellationToken)).Body;
        }

        if (!File.Exists(file))
        {
            throw CliException.InvalidInput($"The inputs file '{file}' does not exist.");
        }

        using var reader = new StreamReader(file);
        return (await StartBody.ForJsonLinesAsync(reader, file, options, cancellationToken)).Body;
    }

    private static async Task<byte[]> UploadFolderAsync(
        CliContext context, OrchestratorClient client, string folder, string pattern, string storage, JobOptions options, CancellationToken cancellationToken)
    {
        var files = InputFolder.List(folder, pattern);
        await InputFolder.EnsureJsonAsync(files, cancellationToken);
        // Fail on a wrong --url or --key before uploading anything.
        await client.ListAsync(new InstanceListFilter([], null, null, null), 1, null, cancellationToken);
        var prefix = FolderUploader.NewPrefix();
        await FolderUploader.UploadAsync(storage, prefix, files, cancellationToken);
        context.Out.WriteLine($"Uploaded {files.Count} files ({Formats.Bytes(files.Sum(f => f.Length))}) to input/{prefix}");
        return StartBody.ForBlobPrefix(prefix, options);
    }
}
