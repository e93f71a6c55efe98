namespace Messaging.IntegrationTests;

// How the suite is split: each collection has its own ServersFixture, so its own database and virtual host, and the
// collections run in parallel (xunit.runner.json). Tests of one collection run one at a time.

/// <summary>The worker as a process at its edges: logins, start-up, health, metrics, the scripts.</summary>
[CollectionDefinition(Name)]
public sealed class EdgesCollection : ICollectionFixture<ServersFixture>
{
    public const string Name = "edges";
}

/// <summary>The processor's pipeline and the ledger's database: exactly once, the gate, interop, roles and invariants.</summary>
[CollectionDefinition(Name)]
public sealed class ProcessingCollection : ICollectionFixture<ServersFixture>
{
    public const string Name = "processing";
}

/// <summary>The features end to end: redemptions, tenants and recognitions, quotas, attendance.</summary>
[CollectionDefinition(Name)]
public sealed class FeaturesCollection : ICollectionFixture<ServersFixture>
{
    public const string Name = "features";
}

/// <summary>The operators' tools: the CLI, the HTTP API, the console, corrections and pauses.</summary>
[CollectionDefinition(Name)]
public sealed class OperatorsCollection : ICollectionFixture<ServersFixture>
{
    public const string Name = "operators";
}

/// <summary>
/// Tests that change or count what the whole test process shares, and so run alone: environment variables (every other
/// test reads them), and metrics (.NET meters are process-wide: a listener counts every in-process processor's).
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class ProcessWideCollection : ICollectionFixture<ServersFixture>
{
    public const string Name = "process-wide";
}
