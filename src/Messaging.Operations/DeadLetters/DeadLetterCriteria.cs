using System.Globalization;

namespace Messaging.Operations.DeadLetters;

/// <summary>
/// Type and Reason match by containment; Group is the reason fingerprint a list shows; OlderThan counts from the first failure;
/// MessageId picks one message.
/// </summary>
public sealed record DeadLetterCriteria(string? Queue, string? Type, string? Reason, TimeSpan? OlderThan, int? Limit, string? Group = null)
{
    /// <summary>Exactly one message: its AMQP message id (as `dlq list --messages` and `dlq show` print it).</summary>
    public string? MessageId { get; init; }

    public static DeadLetterCriteria All { get; } = new(null, null, null, null, null);

    public bool Matches(DeadLetter letter, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(letter);
        return (MessageId is null || string.Equals(letter.MessageId, MessageId, StringComparison.OrdinalIgnoreCase))
            && (Group is null || string.Equals(letter.ReasonFingerprint, Group, StringComparison.OrdinalIgnoreCase))
            && (Type is null || letter.MessageType.Contains(Type, StringComparison.OrdinalIgnoreCase))
            && (Reason is null || (letter.Reason ?? "").Contains(Reason, StringComparison.OrdinalIgnoreCase))
            && (OlderThan is not { } age || (letter.FirstFailedAt is { } at && at <= now - age));
    }

    /// <summary>30s, 15m, 2h, 7d, or hh:mm:ss; null when it is none of these.</summary>
    public static TimeSpan? ParseDuration(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        text = text.Trim();
        if (
            text.Length >= 2
            && double.TryParse(text[..^1], NumberStyles.Float, CultureInfo.InvariantCulture, out var amount)
            && amount >= 0
        )
        {
            switch (char.ToLowerInvariant(text[^1]))
            {
                case 's':
                    return TimeSpan.FromSeconds(amount);
                case 'm':
                    return TimeSpan.FromMinutes(amount);
                case 'h':
                    return TimeSpan.FromHours(amount);
                case 'd':
                    return TimeSpan.FromDays(amount);
            }
        }

        return TimeSpan.TryParse(text, CultureInfo.InvariantCulture, out var span) && span >= TimeSpan.Zero ? span : null;
    }
}
