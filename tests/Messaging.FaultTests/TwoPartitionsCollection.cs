namespace Messaging.FaultTests;

/// <summary>A ledger in two partitions: two PostgreSQL containers, two processors, the machine's RabbitMQ.</summary>
[CollectionDefinition(Name)]
public sealed class TwoPartitionsCollection : ICollectionFixture<TwoPartitionsFixture>
{
    public const string Name = "two-partitions";
}
