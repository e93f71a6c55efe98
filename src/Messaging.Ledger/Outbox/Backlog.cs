namespace Messaging.Ledger.Outbox;

/// <summary>How many messages wait in an outbox, and how long the oldest has waited.</summary>
public sealed record Backlog(long Pending, TimeSpan Oldest);
