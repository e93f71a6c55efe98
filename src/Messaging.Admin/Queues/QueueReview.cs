using Messaging.Ledger.Auditing;
using Messaging.Operations.Broker;
using Messaging.Operations.Queues;

namespace Messaging.Admin.Queues;

// Which quorum queues could drop a message: a consumed queue without a delivery limit and at-least-once dead-lettering, a dead-letter
// queue whose reads count toward a limit, a migration left half done. Classic queues have no delivery limit, so nothing drops there.
internal static class QueueReview
{
    public const string Check = "queue-dead-lettering";
    public const string MigratingSuffix = ".migrating";

    public static IReadOnlyList<AuditFinding> Review(IEnumerable<BrokerQueue> queues)
    {
        var findings = new List<AuditFinding>();
        foreach (var queue in queues.Where(q => q.Type == "quorum").OrderBy(q => q.Name, StringComparer.Ordinal))
        {
            if (queue.Name.EndsWith(MigratingSuffix, StringComparison.Ordinal))
            {
                findings.Add(
                    new AuditFinding(
                        Check,
                        queue.Name,
                        $"a migration of {queue.Name[..^MigratingSuffix.Length]} did not finish ({queue.Messages} message(s) held here)",
                        "run `queues migrate` again with every processor stopped; it resumes"
                    )
                );
            }
            else if (queue.IsParked)
            {
                if (!(Number(queue.Effective(QueueArguments.DeliveryLimit)) is { } limit && limit >= 1_000_000))
                {
                    findings.Add(
                        new AuditFinding(
                            Check,
                            queue.Name,
                            "a dead-letter queue without an unreachable delivery limit: on RabbitMQ 4.x every read "
                                + "(dlq list, show) counts as a delivery and the 21st drops its messages",
                            "stop every processor, then run `queues migrate`"
                        )
                    );
                }
            }
            else
            {
                var missing = new List<string>();
                if (queue.Effective(QueueArguments.DeliveryLimit) is null)
                {
                    missing.Add("no explicit delivery limit");
                }

                if (queue.Effective(QueueArguments.DeadLetterExchange) is null)
                {
                    missing.Add("no dead-letter exchange");
                }

                if (!string.Equals(queue.Effective(QueueArguments.DeadLetterStrategy) as string, "at-least-once", StringComparison.Ordinal))
                {
                    missing.Add("no at-least-once dead-lettering");
                }

                if (missing.Count > 0)
                {
                    findings.Add(
                        new AuditFinding(
                            Check,
                            queue.Name,
                            $"{string.Join(", ", missing)}: on RabbitMQ 4.x a message delivered 21 times without an "
                                + "acknowledgement (the consumer crashing while it holds it) is dropped",
                            "stop every processor, then run `queues migrate`"
                        )
                    );
                }
            }
        }

        return findings;
    }

    private static long? Number(object? value) =>
        value switch
        {
            long l => l,
            int i => i,
            double d => (long)d,
            _ => null,
        };
}
