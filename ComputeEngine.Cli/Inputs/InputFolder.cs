using System.Text.Json;

namespace ComputeEngine.Cli.Inputs;

/// <summary>A file to upload as one input blob; <see cref="Name"/> is its path under the folder, with '/' separators.</summary>
public sealed record InputFile(string Path, string Name, long Length);

/// <summary>
/// The files of a <c>--dir</c> folder: every file below it whose name matches the pattern (<c>*.json</c>
/// unless told), except hidden ones, in the order the job will number them.
/// </summary>
public static class InputFolder
{
    public const string DefaultPattern = "*.json";

    public static IReadOnlyList<InputFile> List(string folder, string pattern = DefaultPattern)
    {
        var root = new DirectoryInfo(folder);
        if (!root.Exists)
        {
            throw CliException.InvalidInput($"The folder '{folder}' does not exist.");
        }

        var files = root.EnumerateFiles(pattern, new EnumerationOptions { RecurseSubdirectories = true, AttributesToSkip = FileAttributes.Hidden | FileAttributes.System, MatchCasing = MatchCasing.CaseInsensitive })
            .Select(file => new InputFile(file.FullName, Path.GetRelativePath(root.FullName, file.FullName).Replace('\\', '/'), file.Length))
            .Where(file => !file.Name.Split('/').Any(part => part.StartsWith('.')))
            // Blob listing is ordinal by name, and so are the job's item ids.
            .OrderBy(file => file.Name, StringComparer.Ordinal)
            .ToList();
        return files.Count == 0 ? throw CliException.InvalidInput($"The folder '{folder}' holds no files matching {pattern} to submit (--pattern chooses others).") : files;
    }

    /// <summary>Fails on the first file that is not one JSON value: the worker would fail its item anyway.</summary>
    public static async Task EnsureJsonAsync(IEnumerable<InputFile> files, CancellationToken cancellationToken)
    {
        foreach (var file in files)
        {
            await using var stream = File.OpenRead(file.Path);
            try
            {
                using var document = await JsonDocument.ParseAsync(stream, cancellationToken: cancellationToken);
            }
            catch (JsonException e)
            {
                throw CliException.InvalidInput(
                    $"{file.Name} is not JSON ({e.Message.Split(". ")[0]}, line {e.LineNumber + 1}); every file under --dir matching --pattern must hold one JSON value.", e);
            }
        }
    }
}
