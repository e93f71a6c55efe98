using System.CommandLine;
using Messaging.Ledger.Corrections;

namespace Messaging.Admin.Corrections;

// Corrects with a compensating entry (reversal:KEY, the original's postings negated), never by editing history.
internal static class ReverseCommand
{
    public static Command Create(AdminContext context)
    {
        var key = new Argument<string>("key")
        {
            Description = "The journal entry's idempotency key, e.g. order:o-1001 (`history USER` lists them).",
        };
        var reason = new Option<string>("--reason")
        {
            Description = "Why (kept on the reversal and in the operator log).",
            Required = true,
        };
        var command = new Command(
            "reverse",
            "Reverse a journal entry with a compensating entry (history is never edited); refused when an account would go below zero."
        )
        {
            key,
            reason,
        };
        command.SetAction(
            async (result, cancellationToken) =>
            {
                var why = result.GetValue(reason)!;
                if (string.IsNullOrWhiteSpace(why))
                {
                    await context.Error.WriteLineAsync(
                        "--reason is empty: say why the entry is reversed (it is kept on the reversal and in the operator log)."
                    );
                    return ExitCodes.Usage;
                }

                await using var dataSource = context.DataSource(result);
                var outcome = await new EntryReversal(dataSource, TimeProvider.System).ReverseAsync(
                    result.GetValue(key)!,
                    why,
                    context.OperatorName(result),
                    cancellationToken
                );
                if (context.WantsJson(result))
                {
                    await context.WriteJsonAsync(outcome);
                }
                else if (outcome.Kind is ReversalOutcomeKind.Reversed or ReversalOutcomeKind.AlreadyReversed)
                {
                    await context.Output.WriteLineAsync(outcome.Message);
                }
                else
                {
                    await context.Error.WriteLineAsync(outcome.Message);
                }

                return outcome.Kind switch
                {
                    ReversalOutcomeKind.NotFound => ExitCodes.NotFound,
                    ReversalOutcomeKind.Refused => ExitCodes.Refused,
                    _ => ExitCodes.Ok,
                };
            }
        );
        return command;
    }
}
