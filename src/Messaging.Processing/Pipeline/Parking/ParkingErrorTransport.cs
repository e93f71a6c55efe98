using MassTransit;
using MassTransit.RabbitMqTransport;
using MassTransit.RabbitMqTransport.Middleware;
using MassTransit.Transports;

namespace Messaging.Processing.Pipeline.Parking;

// MassTransit's move to a queue's _error queue (same exchange, topology and fault headers), except that the message does not keep its
// producer's user_id (see ParkedIdentity).
internal sealed class ParkingErrorTransport(ErrorSettings settings)
    : RabbitMqMoveTransport<ErrorSettings>(
        settings.ExchangeName,
        new ConfigureRabbitMqTopologyFilter<ErrorSettings>(settings, settings.GetBrokerTopology())
    ),
        IErrorTransport
{
    public Task Send(ExceptionReceiveContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var exchange = context.TryGetPayload<RabbitMqBasicConsumeContext>(out var delivery) ? delivery.Exchange : null;
        return Move(context, (properties, headers) =>
        {
            headers.CopyFrom(context.ExceptionHeaders);
            properties.ClearExpiration();
            ParkedIdentity.Strip(properties, headers, exchange);
        });
    }
}
