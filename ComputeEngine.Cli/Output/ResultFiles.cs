using System.Text.Json;
using ComputeEngine.Cli.Api;

namespace ComputeEngine.Cli.Output;

/// <summary>Writes each result line's output to its own file in a folder, named by <see cref="OutputNames"/>.</summary>
public sealed class ResultFiles(OrchestratorClient client, InstanceStatus status, string folder)
{
    private const int ItemsPageSize = 1000;
    private readonly string _root = Path.GetFullPath(folder);
    private Dictionary<int, string>? _inputNames;

    public async Task<int> WriteAsync(IAsyncEnumerable<string> lines, CancellationToken cancellationToken)
    {
        Directory.CreateDirectory(_root);
        var written = 0;
        await foreach (var line in lines.WithCancellation(cancellationToken))
        {
            using var result = JsonDocument.Parse(line);
            var itemId = result.RootElement.GetProperty("itemId").GetInt32();
            var path = Path.GetFullPath(Path.Combine(_root, await NameAsync(itemId, cancellationToken)));
            if (!path.StartsWith(_root + Path.DirectorySeparatorChar, StringComparison.Ordinal))
            {
                path = Path.Combine(_root, OutputNames.ForItem(itemId, status.CustomStatus?.Total ?? 0));
            }

            Directory.CreateDirectory(Path.GetDirectoryName(path)!);
            await File.WriteAllTextAsync(path, result.RootElement.GetProperty("output").GetRawText() + "\n", cancellationToken);
            written++;
        }

        return written;
    }

    private async Task<string> NameAsync(int itemId, CancellationToken cancellationToken)
    {
        if (status.InputBlobPrefix is { } prefix)
        {
            // Read again on a miss: with --follow, items dispatched after the first read appear later.
            if (_inputNames is null || !_inputNames.ContainsKey(itemId))
            {
                _inputNames = await ReadInputNamesAsync(prefix, cancellationToken);
            }

            if (_inputNames.TryGetValue(itemId, out var name))
            {
                return name.Replace('/', Path.DirectorySeparatorChar);
            }
        }

        return OutputNames.ForItem(itemId, status.CustomStatus?.Total ?? 0);
    }

    private async Task<Dictionary<int, string>> ReadInputNamesAsync(string prefix, CancellationToken cancellationToken)
    {
        var names = new Dictionary<int, string>();
        string? continuation = null;
        do
        {
            var page = await client.ItemsAsync(status.InstanceId, ItemsPageSize, continuation, cancellationToken);
            foreach (var item in page.Items)
            {
                if (item.InputBlob is not null && OutputNames.ForInputBlob(item.InputBlob, prefix) is { } name)
                {
                    names[item.ItemId] = name;
                }
            }

            continuation = string.IsNullOrEmpty(page.ContinuationToken) ? null : page.ContinuationToken;
        }
        while (continuation is not null);

        return names;
    }
}
