namespace Messaging.Testing;

/// <summary>
/// Two partitions of one ledger (docs/scaling.md): each a PostgreSQL server of its own in a container, with its own roles and schema,
/// both behind the machine's RabbitMQ in the first one's virtual host, where the partitions' queues share one consistent-hash exchange.
/// </summary>
public sealed class TwoPartitionsFixture : IAsyncLifetime
{
    public IReadOnlyList<PostgresContainerFixture> Partitions { get; } = [new(), new()];

    /// <summary>The virtual host both partitions' processors use.</summary>
    public string VirtualHost => Partitions[0].VirtualHost;

    public RabbitEndpoint Rabbit => Partitions[0].Rabbit;

    public Task InitializeAsync() => Task.WhenAll(Partitions.Select(p => p.InitializeAsync()));

    public async Task DisposeAsync()
    {
        foreach (var partition in Partitions)
        {
            await partition.DisposeAsync();
        }
    }
}
