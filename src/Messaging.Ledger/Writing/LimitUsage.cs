namespace Messaging.Ledger.Writing;

// The limit itself lives with the rule that sets it and may change; the usage is kept here, under a row lock, so concurrent requests draw
// on it one by one. Every draw is also on the entry it went with (its metadata's limitKey), which the audit checks it against.
public sealed class LimitUsage
{
    public required string LimitKey { get; set; }
    public long Used { get; set; }
    public DateTimeOffset UpdatedAt { get; set; }
}
