using System.CommandLine;
using Messaging.Admin.Entries;
using Messaging.Ledger.Queries;

namespace Messaging.Admin.Histories;

internal static class HistoryCommand
{
    public static Command Create(AdminContext context)
    {
        var user = new Argument<string>("user") { Description = "The user id, as publishers send it." };
        var limit = new Option<int>("--limit") { Description = "How many entries to show, newest first.", DefaultValueFactory = _ => 20 };
        var command = new Command("history", "Show a user's journal entries, newest first, with their postings.") { user, limit };
        command.SetAction(
            async (result, cancellationToken) =>
            {
                await using var dataSource = context.DataSource(result);
                var entries = await new LedgerQueries(dataSource).HistoryAsync(
                    result.GetValue(user)!,
                    result.GetValue(limit),
                    cancellationToken
                );

                if (context.WantsJson(result))
                {
                    await context.WriteJsonAsync(entries);
                    return ExitCodes.Ok;
                }

                await EntryLines.WriteAsync(context.Output, entries);
                await context.Output.WriteLineAsync(
                    $"{entries.Count} entr{(entries.Count == 1 ? "y" : "ies")} for user '{result.GetValue(user)}'"
                );
                return ExitCodes.Ok;
            }
        );
        return command;
    }
}
