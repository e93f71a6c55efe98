using MassTransit;
using MassTransit.RabbitMqTransport;
using MassTransit.RabbitMqTransport.Middleware;
using MassTransit.Transports;

namespace Messaging.Processing.Pipeline.Parking;

// MassTransit's move of a message no consumer took to the queue's _skipped queue, except that the message does not keep its producer's
// user_id (see ParkedIdentity).
internal sealed class ParkingSkippedTransport(DeadLetterSettings settings)
    : RabbitMqMoveTransport<DeadLetterSettings>(
        settings.ExchangeName,
        new ConfigureRabbitMqTopologyFilter<DeadLetterSettings>(settings, settings.GetBrokerTopology())
    ),
        IDeadLetterTransport
{
    public Task Send(ReceiveContext context, string reason)
    {
        ArgumentNullException.ThrowIfNull(context);
        var exchange = context.TryGetPayload<RabbitMqBasicConsumeContext>(out var delivery) ? delivery.Exchange : null;
        return Move(context, (properties, headers) =>
        {
            headers.Set(MessageHeaders.Reason, reason ?? "Unspecified");
            ParkedIdentity.Strip(properties, headers, exchange);
        });
    }
}
