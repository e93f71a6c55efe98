namespace Messaging.Ledger.Queries;

/// <summary>A wallet as of a past time, summed from its postings recorded until then (inclusive).</summary>
public sealed record BalanceAt(string UserId, DateTimeOffset At, long Points, long Credited, long Debited, long Postings);
