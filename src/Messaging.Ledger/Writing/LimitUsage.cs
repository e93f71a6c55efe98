namespace Messaging.Ledger.Writing;

/// <summary>
/// How much of a usage limit has been used (a giver's allowance in one month, say). The limit itself lives with the
/// rule that sets it and may change; the usage is kept here, under a row lock, so concurrent requests draw on it one by
/// one. Every draw is also on the entry it went with (its metadata's <c>limitKey</c>), which the audit checks it against.
/// </summary>
public sealed class LimitUsage
{
    public required string LimitKey { get; set; }
    public long Used { get; set; }
    public DateTimeOffset UpdatedAt { get; set; }
}
