using System.CommandLine;
using System.Globalization;

namespace Messaging.Admin.DeadLetters;

/// <summary>The filters <c>dlq show</c>, <c>replay</c> and <c>purge</c> share: queue, type, reason, group, age and how many.</summary>
internal sealed class DeadLetterFilter
{
    public Option<string?> Queue { get; } = new("--queue") { Description = "Only this dead-letter queue (e.g. ledger-order-completed_error)." };

    public Option<string?> Type { get; } = new("--type") { Description = "Only messages whose type contains this text (case-insensitive)." };

    public Option<string?> Reason { get; } = new("--reason") { Description = "Only messages whose failure reason (MT-Fault-Message) contains this text (case-insensitive)." };

    public Option<string?> Group { get; } = new("--group") { Description = "Only messages in this group: the reason fingerprint `dlq list` prints." };

    public Option<string?> OlderThan { get; } = new("--older-than") { Description = "Only messages that first failed longer ago than this: 30s, 15m, 2h, 7d, or hh:mm:ss." };

    public Option<int?> Limit { get; } = new("--limit") { Description = "At most this many messages." };

    public void AddTo(Command command)
    {
        command.Options.Add(Queue);
        command.Options.Add(Type);
        command.Options.Add(Reason);
        command.Options.Add(Group);
        command.Options.Add(OlderThan);
        command.Options.Add(Limit);
    }

    /// <summary>The options' values, or a usage error (as a <see cref="DeadLetterException"/>) when one is malformed.</summary>
    public Criteria Read(ParseResult result)
    {
        TimeSpan? olderThan = null;
        if (result.GetValue(OlderThan) is { } text)
        {
            olderThan = ParseDuration(text)
                ?? throw new DeadLetterException(ExitCodes.Usage, $"--older-than '{text}' is not a duration; use e.g. 30s, 15m, 2h, 7d or 01:30:00.");
        }

        var limit = result.GetValue(Limit);
        if (limit is <= 0)
        {
            throw new DeadLetterException(ExitCodes.Usage, "--limit must be 1 or more.");
        }

        return new Criteria(result.GetValue(Queue), result.GetValue(Type), result.GetValue(Reason), olderThan, limit, result.GetValue(Group));
    }

    public static TimeSpan? ParseDuration(string text)
    {
        text = text.Trim();
        if (text.Length >= 2 && double.TryParse(text[..^1], NumberStyles.Float, CultureInfo.InvariantCulture, out var amount) && amount >= 0)
        {
            switch (char.ToLowerInvariant(text[^1]))
            {
                case 's': return TimeSpan.FromSeconds(amount);
                case 'm': return TimeSpan.FromMinutes(amount);
                case 'h': return TimeSpan.FromHours(amount);
                case 'd': return TimeSpan.FromDays(amount);
            }
        }

        return TimeSpan.TryParse(text, CultureInfo.InvariantCulture, out var span) && span >= TimeSpan.Zero ? span : null;
    }

    internal sealed record Criteria(string? Queue, string? Type, string? Reason, TimeSpan? OlderThan, int? Limit, string? Group = null)
    {
        public bool Matches(DeadLetter letter, DateTimeOffset now) =>
            (Group is null || string.Equals(letter.ReasonFingerprint, Group, StringComparison.OrdinalIgnoreCase))
            && (Type is null || letter.MessageType.Contains(Type, StringComparison.OrdinalIgnoreCase))
            && (Reason is null || (letter.Reason ?? "").Contains(Reason, StringComparison.OrdinalIgnoreCase))
            && (OlderThan is not { } age || (letter.FirstFailedAt is { } at && at <= now - age));
    }
}
