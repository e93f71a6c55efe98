using MassTransit;

namespace Messaging.Processing.Pipeline.Inbox;

// The stable name a transactional endpoint consumes under: the second half of every inbox key. Declared by the endpoint's definition and
// never derived from the queue, so renaming a queue does not make messages already consumed look new. Never change a name once released
// (a migration must move the inbox rows with it).
public sealed record InboxConsumer(string Name)
{
    public static string Of(PipeContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        return context.TryGetPayload<InboxConsumer>(out var consumer)
            ? consumer.Name
            : throw new InvalidOperationException(
                "This endpoint has no inbox name: its definition must configure it with "
                    + "LedgerEndpointConventions.Apply(endpoint, context, inboxName, soleContract)."
            );
    }
}
