using Azure;
using Azure.Storage.Blobs.Models;
using ComputeEngine.Contracts.Storage;
using ComputeEngine.ServiceDefaults.Storage;

namespace ComputeEngine.Cli.Inputs;

/// <summary>Uploads a folder's files to the input container under a fresh prefix, for a job started on that prefix.</summary>
public static class FolderUploader
{
    private const int Parallelism = 8;

    public static string NewPrefix() => $"uploads/{Guid.NewGuid():N}/";

    public static async Task UploadAsync(string connection, string prefix, IReadOnlyList<InputFile> files, CancellationToken cancellationToken)
    {
        var storage = CreateClients(connection);
        var container = storage.Container(StorageNames.InputContainer);
        try
        {
            await container.CreateIfNotExistsAsync(cancellationToken: cancellationToken);
            var options = new BlobUploadOptions { HttpHeaders = new BlobHttpHeaders { ContentType = "application/json" } };
            await Parallel.ForEachAsync(
                files,
                new ParallelOptions { MaxDegreeOfParallelism = Parallelism, CancellationToken = cancellationToken },
                async (file, token) => await container.GetBlobClient(prefix + file.Name).UploadAsync(file.Path, options, token));
        }
        catch (Exception e) when (e is RequestFailedException or AggregateException or HttpRequestException)
        {
            throw new CliException(
                $"Cannot upload the inputs to storage at {storage.Blobs.Uri} ({Reason(e)}). Pass --storage, or set {StorageOptions.Variable}, to the connection string of the storage account the orchestrator uses.",
                inner: e);
        }
    }

    private static StorageClients CreateClients(string connection)
    {
        try
        {
            // A person is waiting: fail in seconds, not after the services' long retry budget.
            return new StorageClients(connection, options =>
            {
                options.Retry.MaxRetries = 2;
                options.Retry.Delay = TimeSpan.FromMilliseconds(200);
                options.Retry.NetworkTimeout = TimeSpan.FromSeconds(100);
            });
        }
        catch (Exception e) when (e is FormatException or ArgumentException or InvalidOperationException)
        {
            throw CliException.InvalidInput($"The storage connection string is not valid ({e.Message}). Pass --storage or set {StorageOptions.Variable}.", e);
        }
    }

    private static string Reason(Exception e) => e switch
    {
        RequestFailedException { Status: > 0 } failed => $"{failed.Status} {failed.ErrorCode}",
        AggregateException aggregate when aggregate.InnerExceptions.Count > 0 => Reason(aggregate.InnerExceptions[^1]),
        _ when e.InnerException is { } inner => Reason(inner),
        _ => e.Message.Split('\n')[0].Trim(),
    };
}
