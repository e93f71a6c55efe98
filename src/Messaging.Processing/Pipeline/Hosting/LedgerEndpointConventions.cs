using MassTransit;
using Messaging.Contracts;
using Messaging.Operations.Queues;
using Messaging.Processing.Pipeline.Diagnostics;
using Messaging.Processing.Pipeline.Faults;
using Messaging.Processing.Pipeline.Gate;
using Messaging.Processing.Pipeline.Inbox;
using Messaging.Processing.Pipeline.Parking;
using Messaging.Processing.Pipeline.Transactions;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Messaging.Processing.Pipeline.Hosting;

// Shared by consumers and sagas alike: quorum queue with a delivery limit and at-least-once dead-lettering, prefetch large enough to form
// group commits, and retries that tell transient faults from permanent ones.
public static class LedgerEndpointConventions
{
    /// <summary>
    /// <paramref name="inboxName"/> is the endpoint's stable name in the inbox (<see cref="InboxConsumer"/>), never the queue's;
    /// <paramref name="soleContract"/> is null when the queue carries several contracts (then every message must name its own).
    /// </summary>
    public static void Apply(IReceiveEndpointConfigurator endpoint, IRegistrationContext context, string inboxName, Type? soleContract)
    {
        ArgumentNullException.ThrowIfNull(endpoint);
        ArgumentNullException.ThrowIfNull(context);
        ArgumentException.ThrowIfNullOrWhiteSpace(inboxName);
        var options = context.GetRequiredService<IOptions<EndpointOptions>>().Value;
        var queue = endpoint.InputAddress.AbsolutePath.Split('/')[^1];
        if (soleContract is not null)
        {
            context.GetRequiredService<EndpointContracts>().Declare(queue, soleContract);
        }

        // First in the pipe, so every filter after it (the message transaction, the group commit) keys the inbox by it.
        var consumer = new InboxConsumer(inboxName);
        endpoint.UseExecute(consume => consume.GetOrAddPayload(() => consumer));
        var deliveryOrder = context.GetRequiredService<DeliveryOrder>();
        endpoint.ConfigureReceive(receive => receive.UseFilter(new DeliveryOrderFilter(deliveryOrder)));

        endpoint.UseParking(context.GetRequiredService<RefusalLog>());
        if (endpoint is IRabbitMqReceiveEndpointConfigurator rabbit)
        {
            rabbit.SetQuorumQueue();
            rabbit.PrefetchCount = options.PrefetchCount;

            if (context.GetRequiredService<QueueProtection>().InspectConsumed(queue) != QueueState.Legacy)
            {
                foreach (var (key, value) in QueueArguments.ForConsumed(queue, options.DeliveryLimit))
                {
                    rabbit.SetQueueArgument(key, value);
                }
            }
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

    /// <summary>
    /// MassTransit gives an endpoint's _error and _skipped queues the endpoint queue's arguments; a parked queue must not inherit its
    /// dead-lettering (it would dead-letter into itself) nor a limit that browsing reaches.
    /// </summary>
    public static void ApplyToParkedQueues(IRabbitMqBusFactoryConfigurator bus, QueueProtection protection)
    {
        ArgumentNullException.ThrowIfNull(bus);
        ArgumentNullException.ThrowIfNull(protection);
        bus.SendTopology.ConfigureErrorSettings = settings => Park(settings, protection);
        bus.SendTopology.ConfigureDeadLetterSettings = settings => Park(settings, protection);
    }

    private static void Park(IRabbitMqQueueBindingConfigurator settings, QueueProtection protection)
    {
        // The bus's own temporary endpoint (auto-delete) keeps MassTransit's defaults: its error queues appear only at
        // a fault, and declaring them here would leave two durable queues behind at every start.
        if (
            settings is not MassTransit.RabbitMqTransport.Configuration.RabbitMqQueueConfigurator queue
            || !queue.Durable
            || queue.AutoDelete
        )
        {
            return;
        }

        foreach (var key in QueueArguments.DeadLetteringKeys)
        {
            settings.SetQueueArgument(key, null);
        }

        if (protection.InspectParked(queue.QueueName) != QueueState.Legacy)
        {
            foreach (var (key, value) in QueueArguments.ForParked())
            {
                settings.SetQueueArgument(key, value);
            }
        }
    }
}
