// The system tests each start real processes; on a 2-core machine they run one at a time.
[assembly: CollectionBehavior(DisableTestParallelization = true)]

namespace ComputeEngine.AppHost.Tests.System;

/// <summary>One running system shared by the tests that only use it (starting it takes half a minute).</summary>
[CollectionDefinition(Name)]
public sealed class LocalSystemCollection : ICollectionFixture<LocalSystem>
{
    public const string Name = "local system";
}
