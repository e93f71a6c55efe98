using System.CommandLine;
using Messaging.Operations.Broker;
using Messaging.Operations.DeadLetters;

namespace Messaging.Admin.DeadLetters;

internal sealed class DeadLetterFilter
{
    public Option<string?> Queue { get; } =
        new("--queue") { Description = "Only this dead-letter queue (e.g. ledger-order-completed_error)." };

    public Option<string?> Type { get; } =
        new("--type") { Description = "Only messages whose type contains this text (case-insensitive)." };

    public Option<string?> Reason { get; } =
        new("--reason") { Description = "Only messages whose failure reason (MT-Fault-Message) contains this text (case-insensitive)." };

    public Option<string?> Group { get; } =
        new("--group") { Description = "Only messages in this group: the reason fingerprint `dlq list` prints." };

    public Option<string?> OlderThan { get; } =
        new("--older-than") { Description = "Only messages that first failed longer ago than this: 30s, 15m, 2h, 7d, or hh:mm:ss." };

    public Option<int?> Limit { get; } = new("--limit") { Description = "At most this many messages." };

    public Option<string?> Id { get; } =
        new("--id") { Description = "Only the message with this message id (as `dlq show` and `dlq list --messages` print it)." };

    public void AddTo(Command command)
    {
        command.Options.Add(Queue);
        command.Options.Add(Type);
        command.Options.Add(Reason);
        command.Options.Add(Group);
        command.Options.Add(OlderThan);
        command.Options.Add(Limit);
        command.Options.Add(Id);
    }

    /// <exception cref="BrokerProblemException">An option is malformed (a usage error).</exception>
    public DeadLetterCriteria Read(ParseResult result)
    {
        TimeSpan? olderThan = null;
        if (result.GetValue(OlderThan) is { } text)
        {
            olderThan = DeadLetterCriteria.ParseDuration(text)
                ?? throw new BrokerProblemException(
                    BrokerProblemKind.Usage,
                    $"--older-than '{text}' is not a duration; use e.g. 30s, 15m, 2h, 7d or 01:30:00."
                );
        }

        var limit = result.GetValue(Limit);
        if (limit is <= 0)
        {
            throw new BrokerProblemException(BrokerProblemKind.Usage, "--limit must be 1 or more.");
        }

        return new DeadLetterCriteria(
            result.GetValue(Queue),
            result.GetValue(Type),
            result.GetValue(Reason),
            olderThan,
            limit,
            result.GetValue(Group)
        )
        {
            MessageId = string.IsNullOrWhiteSpace(result.GetValue(Id)) ? null : result.GetValue(Id)!.Trim(),
        };
    }
}
