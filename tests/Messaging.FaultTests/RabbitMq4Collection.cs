namespace Messaging.FaultTests;

/// <summary>Tests against RabbitMQ 4.0 in a container of their own (delivery limits, restarts) and the machine's PostgreSQL, one at a
/// time.</summary>
[CollectionDefinition(Name)]
public sealed class RabbitMq4Collection : ICollectionFixture<RabbitMq4Fixture>
{
    public const string Name = "rabbitmq4";
}
