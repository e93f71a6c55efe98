using Npgsql;

namespace Messaging.Processing.Pipeline.Transactions;

/// <summary>
/// The database transaction a consumed message runs in, as a payload on its consume context: whatever the
/// consumer or saga writes through <see cref="Connection"/> commits together with the message's inbox claim,
/// the saga's state and every message it publishes or sends.
/// </summary>
public sealed class MessageTransaction(NpgsqlConnection connection, Guid messageId, string consumerId)
{
    public NpgsqlConnection Connection { get; } = connection;

    /// <summary>The consumed message's id (the inbox key).</summary>
    public Guid MessageId { get; } = messageId;

    /// <summary>The consuming endpoint's inbox name (the inbox key's second half; see <see cref="Inbox.InboxConsumer"/>).</summary>
    public string ConsumerId { get; } = consumerId;
}
