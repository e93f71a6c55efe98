using Messaging.Ledger.Queries;

namespace Messaging.Admin.Entries;

// How journal entries read in a terminal (history, entries): one line per entry, then one per posting, signed.
internal static class EntryLines
{
    public static async Task WriteAsync(TextWriter output, IEnumerable<HistoryEntry> entries)
    {
        foreach (var entry in entries)
        {
            await output.WriteLineAsync(
                $"{entry.RecordedAt:u}  #{entry.Id} {entry.EntryType, -12} {entry.IdempotencyKey}  {entry.Description}"
            );
            foreach (var posting in entry.Postings)
            {
                await output.WriteLineAsync($"{"", 24}{posting.Amount, 10:+#;-#;0}  {posting.Account}");
            }
        }
    }
}
