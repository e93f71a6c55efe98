using System.CommandLine;
using System.Globalization;
using Messaging.Admin.DeadLetters;
using Messaging.Operations.Broker;
using Messaging.Operations.DeadLetters;
using Messaging.Operations.Queues;

namespace Messaging.Admin.Queues;

internal static class QueuesCommand
{
    public static Command Create(AdminContext context)
    {
        var command = new Command(
            "queues",
            "Check and migrate the broker's queues: every consumed queue needs a delivery limit and "
                + "at-least-once dead-lettering, every dead-letter queue a limit no reading reaches."
        );
        context.AddRabbitOptionsTo(command);
        command.Subcommands.Add(CreateCheck(context));
        command.Subcommands.Add(CreateMigrate(context));
        return command;
    }

    public static async Task<IReadOnlyList<Ledger.Auditing.AuditFinding>> ReviewAsync(
        RabbitSettings settings,
        CancellationToken cancellationToken
    )
    {
        using var management = new BrokerManagement(settings);
        return QueueReview.Review(await management.QueuesAsync(cancellationToken));
    }

    private static Command CreateCheck(AdminContext context)
    {
        var command = new Command("check", "List the queues that could drop a message, and why; exit 2 when there is any.");
        command.SetAction((result, cancellationToken) => DeadLetterCommand.ReportBrokerProblemsAsync(context, async () =>
                {
                    var findings = await ReviewAsync(context.RabbitSettings(result), cancellationToken);
                    if (context.WantsJson(result))
                    {
                        await context.WriteJsonAsync(findings);
                    }
                    else
                    {
                        foreach (var finding in findings)
                        {
                            await context.Output.WriteLineAsync($"{finding.Subject}: {finding.Problem}. Action: {finding.Action}.");
                        }

                        await context.Output.WriteLineAsync(
                            findings.Count == 0
                                ? "every quorum queue parks what it cannot deliver"
                                : $"{findings.Count} queue(s) could drop messages"
                        );
                    }

                    return findings.Count == 0 ? ExitCodes.Ok : ExitCodes.Discrepancies;
                }));
        return command;
    }

    private static Command CreateMigrate(AdminContext context)
    {
        var queueOption = new Option<string?>("--queue") { Description = "Only this queue (default: every queue `queues check` lists)." };
        var limitOption = new Option<int?>("--delivery-limit")
        {
            Description =
                "The delivery limit to declare consumed queues with; must equal the processor's "
                + "Endpoints:DeliveryLimit (default: that setting, from appsettings.json or "
                + "Endpoints__DeliveryLimit).",
        };
        var dryRun = new Option<bool>("--dry-run") { Description = "Show what would be migrated and change nothing." };
        var command = new Command(
            "migrate",
            "Redeclare the queues `queues check` lists with dead-lettering, keeping every message. Stop every processor first."
        )
        {
            queueOption,
            limitOption,
            dryRun,
        };
        command.SetAction((result, cancellationToken) => DeadLetterCommand.ReportBrokerProblemsAsync(context, async () =>
                {
                    var settings = context.RabbitSettings(result);
                    var limit = result.GetValue(limitOption) ?? context.Settings.Endpoints.DeliveryLimit;
                    if (limit is < 1 or > 1000)
                    {
                        throw new BrokerProblemException(
                            BrokerProblemKind.Usage,
                            $"--delivery-limit {limit} is out of range: use 1 to 1000, the processor's Endpoints:DeliveryLimit."
                        );
                    }

                    using var management = new BrokerManagement(settings);
                    var queues = await management.QueuesAsync(cancellationToken);
                    var targets = QueueReview
                        .Review(queues)
                        .Select(f =>
                            f.Subject.EndsWith(QueueReview.MigratingSuffix, StringComparison.Ordinal)
                                ? f.Subject[..^QueueReview.MigratingSuffix.Length]
                                : f.Subject
                        )
                        .Distinct(StringComparer.Ordinal)
                        .Where(q => result.GetValue(queueOption) is not { } only || q == only)
                        .ToList();

                    if (targets.Count == 0)
                    {
                        await context.Output.WriteLineAsync("nothing to migrate: every quorum queue parks what it cannot deliver");
                        return ExitCodes.Ok;
                    }

                    if (result.GetValue(dryRun))
                    {
                        foreach (var queue in targets)
                        {
                            var messages = queues.FirstOrDefault(q => q.Name == queue)?.Messages ?? 0;
                            await context.Output.WriteLineAsync(
                                $"would migrate {queue} ({messages} message(s)) to {Describe(ArgumentsFor(queue, limit))}"
                            );
                        }

                        await context.Output.WriteLineAsync("dry run: nothing was changed");
                        return ExitCodes.Ok;
                    }

                    await using var broker = await DeadLetterBroker.ConnectAsync(settings, "ledger-admin queues", cancellationToken);
                    var busy = new List<string>();
                    foreach (var queue in targets)
                    {
                        if (await broker.ConsumersAsync(queue, cancellationToken) is > 0 and var consumers)
                        {
                            busy.Add($"{queue} ({consumers} consumer(s))");
                        }
                    }

                    if (busy.Count > 0)
                    {
                        throw new BrokerProblemException(
                            BrokerProblemKind.Refused,
                            $"{string.Join(", ", busy)}: still consumed. Stop every processor (and external consumers "
                                + "of these queues), then run `queues migrate` again."
                        );
                    }

                    var migration = new QueueMigration(management, broker.Channel);
                    var moved = new Dictionary<string, long>(StringComparer.Ordinal);
                    foreach (var queue in targets)
                    {
                        moved[queue] = await migration.MigrateAsync(queue, ArgumentsFor(queue, limit), _ => { }, cancellationToken);
                        await context.Output.WriteLineAsync(
                            $"migrated {queue}: {Describe(ArgumentsFor(queue, limit))}; {moved[queue]} message move(s)"
                        );
                    }

                    await DeadLetterCommand.RecordAsync(
                        context,
                        result,
                        "queues-migrate",
                        new { queues = moved, deliveryLimit = limit },
                        $"migrated {moved.Count} queue(s)",
                        cancellationToken
                    );
                    return ExitCodes.Ok;
                }));
        return command;
    }

    private static Dictionary<string, object?> ArgumentsFor(string queue, int limit) =>
        QueueArguments.IsParked(queue) ? QueueArguments.ForParked() : QueueArguments.ForConsumed(queue, limit);

    private static string Describe(Dictionary<string, object?> arguments) =>
        string.Join(", ", arguments.Select(a => $"{a.Key}={Convert.ToString(a.Value, CultureInfo.InvariantCulture)}"));
}
