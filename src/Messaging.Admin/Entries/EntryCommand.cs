using System.CommandLine;
using Messaging.Admin.Histories;

namespace Messaging.Admin.Entries;

/// <summary><c>entry KEY</c>: one journal entry in full (by idempotency key or id), with postings and metadata.</summary>
internal static class EntryCommand
{
    private const string Sql = """
        SELECT e.id, e.idempotency_key, e.entry_type, e.description, e.recorded_at, a.code, p.amount,
               e.occurred_at, e.source_message_id, e.payload_hash, e.metadata::text
        FROM journal_entries e
        JOIN postings p ON p.journal_entry_id = e.id
        JOIN accounts a ON a.id = p.account_id
        WHERE e.idempotency_key = @key OR e.id::text = @key
        ORDER BY p.id
        """;

    public static Command Create(AdminContext context)
    {
        var key = new Argument<string>("key") { Description = "The entry's idempotency key (e.g. order:1001) or its numeric id." };
        var command = new Command("entry", "Show one journal entry in full: postings, source message, payload hash, metadata.") { key };
        command.SetAction(async (result, cancellationToken) =>
        {
            await using var dataSource = context.DataSource(result);
            await using var query = dataSource.CreateCommand(Sql);
            query.Parameters.AddWithValue("key", result.GetValue(key)!);
            EntryDetail? detail = null;
            await using (var reader = await query.ExecuteReaderAsync(cancellationToken))
            {
                while (await reader.ReadAsync(cancellationToken))
                {
                    detail ??= new EntryDetail(
                        new HistoryEntry(reader.GetInt64(0), reader.GetString(1), reader.GetString(2), reader.GetString(3), reader.GetFieldValue<DateTimeOffset>(4), []),
                        reader.GetFieldValue<DateTimeOffset>(7), reader.IsDBNull(8) ? null : reader.GetGuid(8), reader.GetString(9), reader.GetString(10));
                    detail.Entry.Postings.Add(new HistoryPosting(reader.GetString(5), reader.GetInt64(6)));
                }
            }

            if (detail is null)
            {
                await context.Error.WriteLineAsync($"No journal entry with key or id '{result.GetValue(key)}'. Keys look like order:1001, signup:alice; see `history USER`.");
                return ExitCodes.NotFound;
            }

            if (context.WantsJson(result))
            {
                await context.WriteJsonAsync(detail);
                return ExitCodes.Ok;
            }

            var e = detail.Entry;
            await context.Output.WriteLineAsync($"#{e.Id} {e.IdempotencyKey} ({e.EntryType}): {e.Description}");
            await context.Output.WriteLineAsync($"occurred {detail.OccurredAt:u}, recorded {e.RecordedAt:u}, source message {detail.SourceMessageId?.ToString() ?? "-"}");
            await context.Output.WriteLineAsync($"payload hash {detail.PayloadHash}; metadata {detail.Metadata}");
            foreach (var posting in e.Postings)
            {
                await context.Output.WriteLineAsync($"{posting.Amount,12:+#;-#;0}  {posting.Account}");
            }

            return ExitCodes.Ok;
        });
        return command;
    }
}
