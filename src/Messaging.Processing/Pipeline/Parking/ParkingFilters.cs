using MassTransit;
using MassTransit.Middleware;
using MassTransit.RabbitMqTransport.Configuration;
using MassTransit.Transports;
using Messaging.Processing.Pipeline.Diagnostics;

namespace Messaging.Processing.Pipeline.Parking;

// Replaces MassTransit's moves to _error and _skipped on a RabbitMQ endpoint with the parking transports, which leave the producer's
// user_id behind, and logs each refused message once (RefusalLog). Faults are still published, as MassTransit's default error pipe does.
public static class ParkingFilters
{
    public static void UseParking(this IReceiveEndpointConfigurator endpoint, RefusalLog refusals)
    {
        ArgumentNullException.ThrowIfNull(endpoint);
        ArgumentNullException.ThrowIfNull(refusals);
        if (endpoint is not IRabbitMqReceiveEndpointConfiguration rabbit)
        {
            return;
        }

        // Built at the first fault, when the endpoint's settings are final; the send topology's hooks (parked queues'
        // arguments) apply as they do to MassTransit's own transports.
        var error = new Lazy<IErrorTransport>(() => new ParkingErrorTransport(rabbit.Topology.Send.GetErrorSettings(rabbit.Settings)));
        var skipped = new Lazy<IDeadLetterTransport>(() =>
            new ParkingSkippedTransport(rabbit.Topology.Send.GetDeadLetterSettings(rabbit.Settings))
        );
        endpoint.ConfigureError(pipe =>
        {
            pipe.UseFilter(new GenerateFaultFilter());
            pipe.UseFilter(new ErrorFilter(error, refusals));
        });
        endpoint.ConfigureDeadLetter(pipe => pipe.UseFilter(new SkippedFilter(skipped)));
    }

    private sealed class ErrorFilter(Lazy<IErrorTransport> transport, RefusalLog refusals) : IFilter<ExceptionReceiveContext>
    {
        public async Task Send(ExceptionReceiveContext context, IPipe<ExceptionReceiveContext> next)
        {
            await transport.Value.Send(context);
            refusals.Parked(context);
            await next.Send(context);
        }

        public void Probe(ProbeContext context) => context?.CreateFilterScope("parkError");
    }

    private sealed class SkippedFilter(Lazy<IDeadLetterTransport> transport) : IFilter<ReceiveContext>
    {
        public async Task Send(ReceiveContext context, IPipe<ReceiveContext> next)
        {
            await transport.Value.Send(context, "dead-letter");
            await next.Send(context);
        }

        public void Probe(ProbeContext context) => context?.CreateFilterScope("parkSkipped");
    }
}
