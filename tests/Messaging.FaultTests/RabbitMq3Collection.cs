namespace Messaging.FaultTests;

/// <summary>Tests against RabbitMQ 3.10 in a container of their own (restarts) and the machine's PostgreSQL, one at a time.</summary>
[CollectionDefinition(Name)]
public sealed class RabbitMq3Collection : ICollectionFixture<RabbitMq3Fixture>
{
    public const string Name = "rabbitmq3";
}
