namespace Messaging.Testing;

/// <summary>
/// Base of tests that drive the processor: data and queues reset before each test (never after, so a
/// failed test leaves its evidence), a plain broker client and a ledger probe.
/// </summary>
public abstract class ProcessorTest(ServersFixture servers) : IAsyncLifetime
{
    protected ServersFixture Servers { get; } = servers;

    public LedgerProbe Ledger { get; } = new(servers.DataSource);

    public Broker Broker { get; private set; } = null!;

    public virtual async Task InitializeAsync()
    {
        await Servers.ResetAsync();
        Broker = await Broker.ConnectAsync(Servers.Rabbit, Servers.VirtualHost);
    }

    public virtual async Task DisposeAsync() => await Broker.DisposeAsync();
}
