using ComputeEngine.Testing;

namespace ComputeEngine.EndToEnd.Tests;

/// <summary>End-to-end tests share one Azurite and run one at a time: each starts its own processes.</summary>
[CollectionDefinition(Name)]
public sealed class StorageCollection : ICollectionFixture<AzuriteFixture>
{
    public const string Name = "storage";
}
