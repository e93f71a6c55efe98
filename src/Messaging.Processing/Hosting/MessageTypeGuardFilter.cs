using MassTransit;
using Messaging.Processing.Faults;
using Messaging.Processing.Outbox;

namespace Messaging.Processing.Hosting;

/// <summary>
/// Decides which contract a plain-JSON message is on a queue that carries several. Without MassTransit's
/// envelope, the raw deserializer would offer the body to every consumer of the queue (a RewardIssued would
/// also be read as a RedeemRequested). The type is taken from, in order: MassTransit's own message-type
/// information, the AMQP <c>type</c> property, then the exchange it was published to; a message that names
/// none of them is refused with a reason rather than guessed.
/// </summary>
internal sealed class MessageTypeGuardFilter<TMessage> : IFilter<ConsumeContext<TMessage>>
    where TMessage : class
{
    public Task Send(ConsumeContext<TMessage> context, IPipe<ConsumeContext<TMessage>> next)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(next);
        return IsFor(context) ? next.Send(context) : Task.CompletedTask;
    }

    public void Probe(ProbeContext context) => context?.CreateFilterScope("messageTypeGuard");

    private static bool IsFor(ConsumeContext<TMessage> context)
    {
        if (context.SupportedMessageTypes.Any())
        {
            return true;
        }

        if (!context.ReceiveContext.TryGetPayload<RabbitMqBasicConsumeContext>(out var rabbit))
        {
            return true;
        }

        var declared = rabbit.Properties.Type;
        if (!string.IsNullOrEmpty(declared))
        {
            return NamesThisType(declared);
        }

        if (MessageTopology.TypeOfExchange(rabbit.Exchange) is { } published)
        {
            return published == typeof(TMessage);
        }

        throw new MessageRejectedException("unknown_message_type",
            $"A plain JSON message arrived on {context.ReceiveContext.InputAddress.Segments[^1]} through exchange '{rabbit.Exchange}' without a type: " +
            "publish it to its contract's exchange (for example redeem-requested) or set the AMQP type property to the contract name (for example RedeemRequested).");
    }

    private static bool NamesThisType(string declared) =>
        string.Equals(declared, typeof(TMessage).Name, StringComparison.Ordinal)
        || string.Equals(declared, OutboxMessageTypes.NameOf(typeof(TMessage)), StringComparison.Ordinal)
        || string.Equals(declared, MessageTopology.ExchangeFor(typeof(TMessage)), StringComparison.Ordinal);
}
