using System.CommandLine;
using Messaging.Admin.Queues;
using Messaging.Ledger.Auditing;
using Messaging.Ledger.Chain;
using Messaging.Operations.Broker;

namespace Messaging.Admin.Auditing;

internal static class AuditCommand
{
    public static Command Create(AdminContext context)
    {
        var user = new Option<string?>("--user") { Description = "Audit only what concerns this user's wallet." };
        var chain = new Option<bool>("--chain")
        {
            Description = "Also recompute the journal's whole hash chain and name the first entry that does not match it.",
        };
        var checkpoints = new Option<string[]>("--checkpoint")
        {
            Description =
                $"A link kept elsewhere ({ChainCheckpoint.Format}, from a LedgerCheckpoint message or an earlier audit) to compare "
                + "with the chain; repeatable, implies --chain.",
            AllowMultipleArgumentsPerToken = false,
        };
        var command = new Command(
            "audit",
            "Check that every entry balances, every cached balance equals its postings, nothing is "
                + "negative that must not be, all issued points are held somewhere (pools + wallets + "
                + "spent), no pool is below zero, givers' allowance usage matches their recognitions, held "
                + "points equal active holds, redemptions are neither stuck nor half-recorded, and no broker "
                + "queue could drop a message; with --chain, that no entry was changed, removed or cut off since it was written."
        )
        {
            user,
            chain,
            checkpoints,
        };
        context.AddRabbitOptionsTo(command);
        command.SetAction(
            async (result, cancellationToken) =>
            {
                var kept = new List<ChainCheckpoint>();
                foreach (var text in result.GetValue(checkpoints) ?? [])
                {
                    if (!ChainCheckpoint.TryParse(text, out var checkpoint))
                    {
                        await context.Error.WriteLineAsync(
                            $"--checkpoint '{text}' is not a link: write it as {ChainCheckpoint.Format}, as `audit --chain` prints it."
                        );
                        return ExitCodes.Usage;
                    }

                    kept.Add(checkpoint);
                }

                await using var dataSource = context.DataSource(result);
                var report = await new LedgerAuditor(dataSource).AuditAsync(
                    result.GetValue(user),
                    result.GetValue(chain) || kept.Count > 0 ? kept : null,
                    cancellationToken
                );
                report = report with { Findings = [.. report.Findings, .. await QueueFindingsAsync(context, result, cancellationToken)] };
                if (context.WantsJson(result))
                {
                    await context.WriteJsonAsync(report);
                }
                else
                {
                    await context.Output.WriteLineAsync(
                        $"accounts {report.Accounts}, entries {report.Entries}, postings {report.Postings}, points "
                            + $"issued {report.PointsIssued}"
                            + (
                                report.IssuedByAccount.Count == 0
                                    ? ""
                                    : $" ({string.Join(", ", report.IssuedByAccount.Select(a => $"{a.Key} {a.Value}"))})"
                            )
                    );
                    await context.Output.WriteLineAsync(
                        $"conservation: issued {report.PointsIssued} = pools {report.InPools} + wallets "
                            + $"{report.InWallets} + spent {report.Spent} + expired {report.Expired}"
                            + (
                                report.Conserved
                                    ? ""
                                    : $" does NOT hold (off by "
                                        + $"{report.PointsIssued - report.InPools - report.InWallets - report.Spent - report.Expired})"
                            )
                    );
                    await context.Output.WriteLineAsync(
                        $"outbox: {report.OutboxPending} "
                            + $"undelivered{(report.OldestOutboxAgeSeconds is { } age ? $", oldest {age:0.#} s" : "")}; "
                            + $"inbox: {report.InboxSize} message ids remembered"
                    );
                    await context.Output.WriteLineAsync(
                        $"holds: {report.ActiveHolds} active, {report.HeldPoints} points held; redemptions: "
                            + $"{report.OpenRedemptions} open saga(s)"
                    );
                    if (report.Chain is { } verified)
                    {
                        await context.Output.WriteLineAsync(
                            $"chain: {verified.Links} links"
                                + (verified.Head is { } head ? $", head {head.Checkpoint} (entry id {head.JournalEntryId})" : "")
                                + (verified.Intact ? ", intact" : $", {verified.Findings.Count} break(s)")
                        );
                    }

                    foreach (var finding in report.Findings)
                    {
                        await context.Output.WriteLineAsync(
                            $"DISCREPANCY [{finding.Check}] {finding.Subject}: {finding.Problem}. Action: {finding.Action}."
                        );
                    }

                    await context.Output.WriteLineAsync(
                        report.Clean ? "audit clean" : $"audit found {report.Findings.Count} discrepancies"
                    );
                }

                return report.Clean ? ExitCodes.Ok : ExitCodes.Discrepancies;
            }
        );
        return command;
    }

    // A broker that cannot be asked is said on stderr, not counted as a discrepancy: the ledger's own figures stand without it.
    private static async Task<IReadOnlyList<AuditFinding>> QueueFindingsAsync(
        AdminContext context,
        ParseResult result,
        CancellationToken cancellationToken
    )
    {
        try
        {
            return await QueuesCommand.ReviewAsync(context.RabbitSettings(result), cancellationToken);
        }
        catch (BrokerProblemException ex)
        {
            await context.Error.WriteLineAsync($"queues not checked: {ex.Message}");
            return [];
        }
    }
}
