using Npgsql;

namespace Messaging.Processing.Pipeline.Transactions;

// A payload on the consume context: whatever the consumer or saga writes through Connection commits together with the message's inbox
// claim, the saga's state and every message it publishes or sends.
public sealed class MessageTransaction(NpgsqlConnection connection, Guid messageId, string consumerId)
{
    public NpgsqlConnection Connection { get; } = connection;

    public Guid MessageId { get; } = messageId;

    /// <summary>The inbox key's second half (<see cref="Inbox.InboxConsumer"/>).</summary>
    public string ConsumerId { get; } = consumerId;
}
