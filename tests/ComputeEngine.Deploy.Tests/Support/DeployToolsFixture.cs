namespace ComputeEngine.Deploy.Tests.Support;

/// <summary>Installs the npm-pinned tools and helm once for every test that renders the chart.</summary>
public sealed class DeployToolsFixture : IAsyncLifetime
{
    public async Task InitializeAsync()
    {
        using var timeout = new CancellationTokenSource(TestTimeouts.Install);
        await NodeToolchain.EnsureInstalledAsync(timeout.Token);
    }

    public Task DisposeAsync() => Task.CompletedTask;
}

[CollectionDefinition(Name)]
public sealed class DeployToolsCollection : ICollectionFixture<DeployToolsFixture>
{
    public const string Name = "deploy tools";
}
