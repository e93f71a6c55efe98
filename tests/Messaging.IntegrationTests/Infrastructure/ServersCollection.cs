namespace Messaging.IntegrationTests.Infrastructure;

/// <summary>Every integration test shares the servers and runs one at a time.</summary>
[CollectionDefinition(Name)]
public sealed class ServersCollection : ICollectionFixture<ServersFixture>
{
    public const string Name = "servers";
}
