using MassTransit;
using Messaging.Contracts;

namespace Messaging.Processing.Pipeline.Transactions;

// The inbox keys every message by its id: one without cannot be told from its duplicates, so it is refused (and dead-lettered).
internal static class RequiredMessageId
{
    public static Guid Of<TMessage>(ConsumeContext<TMessage> context)
        where TMessage : class =>
        context.MessageId
        ?? throw new MessageRejectedException(
            "missing_message_id",
            $"{typeof(TMessage).Name} has no message id, so duplicates could not be recognised. Set the "
                + "AMQP message_id property (a UUID) when publishing."
        );
}
