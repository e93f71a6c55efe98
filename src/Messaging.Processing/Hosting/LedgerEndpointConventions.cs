using MassTransit;
using Messaging.Processing.Faults;

namespace Messaging.Processing.Hosting;

/// <summary>
/// The policy every ledger endpoint shares (consumers and sagas alike): quorum queue, prefetch large
/// enough to form group commits, and retries that tell transient faults from permanent ones.
/// </summary>
public static class LedgerEndpointConventions
{
    public static void Apply(IReceiveEndpointConfigurator endpoint, EndpointOptions options)
    {
        ArgumentNullException.ThrowIfNull(endpoint);
        ArgumentNullException.ThrowIfNull(options);

        if (endpoint is IRabbitMqReceiveEndpointConfigurator rabbit)
        {
            rabbit.SetQuorumQueue();
            rabbit.PrefetchCount = options.PrefetchCount;
        }

        endpoint.ConcurrentMessageLimit = options.ConcurrentMessageLimit;

        // Outer policy: a transient fault (database restarting, deadlock, lost connection) is retried for as
        // long as it lasts; the message stays unacknowledged, so it is never dead-lettered nor lost.
        // No delayed redelivery: the broker here has no delayed-message plugin.
        endpoint.UseMessageRetry(r =>
        {
            r.Handle<Exception>(TransientFaults.IsTransient);
            r.Exponential(int.MaxValue, TimeSpan.FromMilliseconds(100), options.MaxRetryInterval, TimeSpan.FromMilliseconds(250));
        });

        // Inner policy: an unexpected fault gets a few quick retries; a rejection gets none.
        endpoint.UseMessageRetry(r =>
        {
            r.Ignore<MessageRejectedException>();
            r.Ignore<Exception>(TransientFaults.IsTransient);
            r.Intervals(Enumerable.Range(1, options.UnexpectedFaultRetries).Select(n => TimeSpan.FromMilliseconds(200 * n)).ToArray());
        });
    }
}
