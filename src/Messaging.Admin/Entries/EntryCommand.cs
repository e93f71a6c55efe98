using System.CommandLine;
using Messaging.Ledger.Queries;

namespace Messaging.Admin.Entries;

internal static class EntryCommand
{
    public static Command Create(AdminContext context)
    {
        var key = new Argument<string>("key") { Description = "The entry's idempotency key (e.g. order:1001) or its numeric id." };
        var command = new Command("entry", "Show one journal entry in full: postings, source message, payload hash, metadata.") { key };
        command.SetAction(
            async (result, cancellationToken) =>
            {
                await using var dataSource = context.DataSource(result);
                var detail = await new LedgerQueries(dataSource).EntryAsync(result.GetValue(key)!, cancellationToken);
                if (detail is null)
                {
                    await context.Error.WriteLineAsync(
                        $"No journal entry with key or id '{result.GetValue(key)}'. Keys look like order:1001, "
                            + "signup:alice; see `history USER`."
                    );
                    return ExitCodes.NotFound;
                }

                if (context.WantsJson(result))
                {
                    await context.WriteJsonAsync(detail);
                    return ExitCodes.Ok;
                }

                var e = detail.Entry;
                await context.Output.WriteLineAsync($"#{e.Id} {e.IdempotencyKey} ({e.EntryType}): {e.Description}");
                await context.Output.WriteLineAsync(
                    $"occurred {detail.OccurredAt:u}, recorded {e.RecordedAt:u}, source message "
                        + $"{detail.SourceMessageId?.ToString() ?? "-"}, trace {detail.TraceId ?? "-"}"
                );
                await context.Output.WriteLineAsync($"payload hash {detail.PayloadHash}; metadata {detail.Metadata}");
                foreach (var posting in e.Postings)
                {
                    await context.Output.WriteLineAsync($"{posting.Amount, 12:+#;-#;0}  {posting.Account}");
                }

                return ExitCodes.Ok;
            }
        );
        return command;
    }
}
