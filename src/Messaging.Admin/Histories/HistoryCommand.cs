using System.CommandLine;

namespace Messaging.Admin.Histories;

/// <summary><c>history USER [--limit N]</c>: the user's journal entries, newest first, each with its postings.</summary>
internal static class HistoryCommand
{
    private const string Sql = """
        SELECT e.id, e.idempotency_key, e.entry_type, e.description, e.recorded_at, a.code, p.amount
        FROM journal_entries e
        JOIN postings p ON p.journal_entry_id = e.id
        JOIN accounts a ON a.id = p.account_id
        WHERE e.id IN (
            SELECT p2.journal_entry_id FROM postings p2 JOIN accounts w ON w.id = p2.account_id
            WHERE w.kind = 'user_wallet' AND w.owner_id = @user
            ORDER BY p2.journal_entry_id DESC LIMIT @limit)
        ORDER BY e.id DESC, p.id
        """;

    public static Command Create(AdminContext context)
    {
        var user = new Argument<string>("user") { Description = "The user id, as publishers send it." };
        var limit = new Option<int>("--limit") { Description = "How many entries to show, newest first.", DefaultValueFactory = _ => 20 };
        var command = new Command("history", "Show a user's journal entries, newest first, with their postings.") { user, limit };
        command.SetAction(async (result, cancellationToken) =>
        {
            await using var dataSource = context.DataSource(result);
            await using var query = dataSource.CreateCommand(Sql);
            query.Parameters.AddWithValue("user", result.GetValue(user)!);
            query.Parameters.AddWithValue("limit", result.GetValue(limit));
            var entries = new List<HistoryEntry>();
            await using (var reader = await query.ExecuteReaderAsync(cancellationToken))
            {
                while (await reader.ReadAsync(cancellationToken))
                {
                    var id = reader.GetInt64(0);
                    if (entries.Count == 0 || entries[^1].Id != id)
                    {
                        entries.Add(new HistoryEntry(id, reader.GetString(1), reader.GetString(2), reader.GetString(3), reader.GetFieldValue<DateTimeOffset>(4), []));
                    }

                    entries[^1].Postings.Add(new HistoryPosting(reader.GetString(5), reader.GetInt64(6)));
                }
            }

            if (context.WantsJson(result))
            {
                await context.WriteJsonAsync(entries);
                return ExitCodes.Ok;
            }

            foreach (var entry in entries)
            {
                await context.Output.WriteLineAsync($"{entry.RecordedAt:u}  #{entry.Id} {entry.EntryType,-12} {entry.IdempotencyKey}  {entry.Description}");
                foreach (var posting in entry.Postings)
                {
                    await context.Output.WriteLineAsync($"{"",24}{posting.Amount,10:+#;-#;0}  {posting.Account}");
                }
            }

            await context.Output.WriteLineAsync($"{entries.Count} entr{(entries.Count == 1 ? "y" : "ies")} for user '{result.GetValue(user)}'");
            return ExitCodes.Ok;
        });
        return command;
    }
}
