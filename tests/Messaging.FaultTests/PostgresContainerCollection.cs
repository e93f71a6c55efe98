namespace Messaging.FaultTests;

/// <summary>Tests that stop and restart PostgreSQL: a server of their own in a container, and the machine's RabbitMQ, one at a
/// time.</summary>
[CollectionDefinition(Name)]
public sealed class PostgresContainerCollection : ICollectionFixture<PostgresContainerFixture>
{
    public const string Name = "postgres-container";
}
