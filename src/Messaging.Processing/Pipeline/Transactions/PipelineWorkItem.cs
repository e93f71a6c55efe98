using Messaging.Processing.Pipeline.Outbox;
using Npgsql;

namespace Messaging.Processing.Pipeline.Transactions;

// The rest of a message's consume pipe (a saga step, say), run by the group committer in its batch's transaction. It may run more than
// once (the batch it was in failed, and each message is then committed alone): each run starts afresh and returns what it published.
internal sealed class PipelineWorkItem(
    string messageType,
    Guid messageId,
    string consumerId,
    ChannelDelivery delivery,
    Func<NpgsqlConnection, Task<IReadOnlyList<OutgoingMessage>>> run
) : CommitItem(messageType, messageId, consumerId, delivery)
{
    /// <summary>Runs the pipe on the batch's connection, inside its transaction; returns the messages it published.</summary>
    public Task<IReadOnlyList<OutgoingMessage>> RunAsync(NpgsqlConnection connection) => run(connection);
}
