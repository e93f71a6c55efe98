namespace Messaging.FaultTests;

/// <summary>Fault tests on the machine's own servers (crash loops, stalls, lost acknowledgements), one at a time.</summary>
[CollectionDefinition(Name)]
public sealed class ServersCollection : ICollectionFixture<ServersFixture>
{
    public const string Name = "servers";
}
