namespace Messaging.Ledger.Quotas;

/// <summary>One month opening (seed 004's reset), with what the previous month left to lapse.</summary>
public sealed record QuotaReset(string Month, long Limit, long LapsedFromPreviousMonth, DateTimeOffset RecordedAt);
