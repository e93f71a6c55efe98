using MassTransit;
using Messaging.Processing.Hosting;

namespace Messaging.Processing.Attendance;

/// <summary>Endpoint policy for <see cref="EventAttendedConsumer"/>: the ledger endpoint conventions.</summary>
public sealed class EventAttendedConsumerDefinition : ConsumerDefinition<EventAttendedConsumer>
{
    /// <summary>The endpoint's name in the inbox (<see cref="Inbox.InboxConsumer"/>); never change it.</summary>
    public const string InboxName = "event-attended";

    public EventAttendedConsumerDefinition()
    {
        EndpointName = EventAttendedConsumer.QueueName;
    }

    protected override void ConfigureConsumer(
        IReceiveEndpointConfigurator endpointConfigurator,
        IConsumerConfigurator<EventAttendedConsumer> consumerConfigurator,
        IRegistrationContext context)
    {
        LedgerEndpointConventions.Apply(endpointConfigurator, context, InboxName, ConsumedContract.Of<EventAttendedConsumer>());
    }
}
