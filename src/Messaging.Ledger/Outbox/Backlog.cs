namespace Messaging.Ledger.Outbox;

public sealed record Backlog(long Pending, TimeSpan Oldest);
