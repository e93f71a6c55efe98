using MassTransit;
using Messaging.Processing.Pipeline.Gate;

namespace Messaging.Processing.Pipeline.Hosting;

// Decides which contract a plain-JSON message is on a queue that carries several. Without MassTransit's envelope, the raw deserializer
// would offer the body to every consumer of the queue (a RewardIssued would also be read as a RedeemRequested). The contract gate has
// already refused a message that names none.
internal sealed class MessageTypeGuardFilter<TMessage>(EndpointContracts endpoints) : IFilter<ConsumeContext<TMessage>>
    where TMessage : class
{
    public Task Send(ConsumeContext<TMessage> context, IPipe<ConsumeContext<TMessage>> next)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(next);
        return IsFor(context) ? next.Send(context) : Task.CompletedTask;
    }

    public void Probe(ProbeContext context) => context?.CreateFilterScope("messageTypeGuard");

    private bool IsFor(ConsumeContext<TMessage> context) =>
        context.SupportedMessageTypes.Any()
        || !context.ReceiveContext.TryGetPayload<RabbitMqBasicConsumeContext>(out _)
        || IncomingContract.OfPlainJson(context.ReceiveContext, endpoints) == typeof(TMessage);
}
