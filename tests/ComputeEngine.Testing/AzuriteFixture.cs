using System.Diagnostics;
using System.Globalization;
using ComputeEngine.ServiceDefaults.Storage;
using Xunit;

namespace ComputeEngine.Testing;

/// <summary>A real Azurite on free ports, in memory, for one test collection.</summary>
public sealed class AzuriteFixture : IAsyncLifetime
{
    public const string DevAccountKey = "Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==";

    private Process? _process;

    public int BlobPort { get; private set; }

    public int QueuePort { get; private set; }

    public int TablePort { get; private set; }

    /// <summary>Where a persistent instance keeps its data; null for in-memory.</summary>
    public string? Location { get; init; }

    public string ConnectionString => string.Create(CultureInfo.InvariantCulture,
        $"DefaultEndpointsProtocol=http;AccountName=devstoreaccount1;AccountKey={DevAccountKey};" +
        $"BlobEndpoint=http://127.0.0.1:{BlobPort}/devstoreaccount1;" +
        $"QueueEndpoint=http://127.0.0.1:{QueuePort}/devstoreaccount1;" +
        $"TableEndpoint=http://127.0.0.1:{TablePort}/devstoreaccount1;");

    public StorageClients Clients { get; private set; } = null!;

    /// <summary>Azurite's process while it runs, so a benchmark can tell its CPU from another Azurite's.</summary>
    public int? ProcessId => _process?.Id;

    /// <summary>The names of the blobs in <paramref name="container"/> under <paramref name="prefix"/>.</summary>
    public async Task<List<string>> BlobNamesAsync(string container, string prefix, CancellationToken cancellationToken)
    {
        var names = new List<string>();
        await foreach (var blob in Clients.Container(container).GetBlobsAsync(
            Azure.Storage.Blobs.Models.BlobTraits.None, Azure.Storage.Blobs.Models.BlobStates.None, prefix, cancellationToken))
        {
            names.Add(blob.Name);
        }

        return names;
    }

    public async Task InitializeAsync()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(3));
        await NodeTools.EnsureInstalledAsync(timeout.Token);
        BlobPort = FreePorts.Next();
        QueuePort = FreePorts.Next();
        TablePort = FreePorts.Next();
        await StartAsync(timeout.Token);
        Clients = new StorageClients(ConnectionString);
        await Clients.EnsureCreatedAsync(timeout.Token);
    }

    /// <summary>Starts Azurite (again, after <see cref="Stop"/>) on the same ports.</summary>
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        var persistence = Location is null ? "--inMemoryPersistence" : $"--location \"{Location}\"";
        _process = Process.Start(new ProcessStartInfo(NodeTools.AzuriteBin,
            $"--silent --skipApiVersionCheck --loose {persistence} " +
            $"--blobHost 127.0.0.1 --queueHost 127.0.0.1 --tableHost 127.0.0.1 " +
            $"--blobPort {BlobPort} --queuePort {QueuePort} --tablePort {TablePort}")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        }) ?? throw new InvalidOperationException("Azurite could not be started");
        _process.OutputDataReceived += (_, _) => { };
        _process.ErrorDataReceived += (_, _) => { };
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();
        await FreePorts.WaitUntilListeningAsync(BlobPort, cancellationToken);
        await FreePorts.WaitUntilListeningAsync(QueuePort, cancellationToken);
        await FreePorts.WaitUntilListeningAsync(TablePort, cancellationToken);
    }

    /// <summary>Stops Azurite as an operator would (SIGTERM), so a persistent instance keeps its data.</summary>
    public async Task StopGracefullyAsync()
    {
        if (_process is { HasExited: false } process)
        {
            Signals.Send(process.Id, Signals.SigTerm);
            using var grace = new CancellationTokenSource(TimeSpan.FromSeconds(15));
            try
            {
                await process.WaitForExitAsync(grace.Token);
            }
            catch (OperationCanceledException)
            {
            }
        }

        Stop();
    }

    public void Stop()
    {
        if (_process is { HasExited: false })
        {
            _process.Kill(entireProcessTree: true);
            _process.WaitForExit();
        }

        _process?.Dispose();
        _process = null;
    }

    public Task DisposeAsync()
    {
        Stop();
        return Task.CompletedTask;
    }
}
