using System.Text.Json;
using Messaging.Ledger.Outbox;
using Npgsql;

namespace Messaging.Processing.Pipeline.Outbox;

// Outbox rows are written in the caller's ledger transaction.
internal static class OutboxWriter
{
    public static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public static async Task<IReadOnlyList<PendingOutboxMessage>> InsertAsync(
        NpgsqlConnection connection,
        IReadOnlyList<OutgoingMessage> messages,
        TimeSpan lease,
        CancellationToken cancellationToken
    )
    {
        if (messages.Count == 0)
        {
            return [];
        }

        var rows = messages
            .Select(m => new OutboxRow(
                m.MessageId,
                OutboxMessageTypes.NameOf(m.Message.GetType()),
                JsonSerializer.Serialize(m.Message, m.Message.GetType(), Json),
                m.Destination,
                m.InboxMessageId,
                m.InboxConsumerId
            )
            {
                TraceParent = m.TraceParent,
            })
            .ToList();
        var sequenceNumbers = await OutboxStore.InsertAsync(connection, rows, lease, cancellationToken);
        return rows.Select(
                (row, i) =>
                    new PendingOutboxMessage(
                        sequenceNumbers[i],
                        row.MessageId,
                        messages[i].Message.GetType(),
                        row.Body,
                        row.Destination,
                        row.TraceParent
                    )
            )
            .ToList();
    }

    // Takes over rows whose lease ran out, for this instance to deliver.
    public static async Task<IReadOnlyList<PendingOutboxMessage>> ClaimExpiredAsync(
        NpgsqlDataSource dataSource,
        TimeSpan lease,
        int limit,
        CancellationToken cancellationToken
    ) =>
        (await OutboxStore.ClaimExpiredAsync(dataSource, lease, limit, cancellationToken))
            .Select(row => new PendingOutboxMessage(
                row.SequenceNumber,
                row.MessageId,
                OutboxMessageTypes.Resolve(row.MessageType),
                row.Body,
                row.Destination,
                row.TraceParent
            ))
            .ToList();
}
