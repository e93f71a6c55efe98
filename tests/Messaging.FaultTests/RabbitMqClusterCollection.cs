namespace Messaging.FaultTests;

/// <summary>Tests against a three-node RabbitMQ 4.0 cluster in containers and the machine's PostgreSQL, one at a time.</summary>
[CollectionDefinition(Name)]
public sealed class RabbitMqClusterCollection : ICollectionFixture<RabbitMqClusterFixture>
{
    public const string Name = "rabbitmq-cluster";
}
