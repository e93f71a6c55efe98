namespace Messaging.Ledger.Auditing;

/// <summary>
/// Each count must read 0. <see cref="UnbalancedEntries"/> includes entries with fewer than two postings; <see cref="ForbiddenNegatives"/>
/// counts accounts that may not go negative and are.
/// </summary>
public sealed record Reconciliation(long MismatchedBalances, long UnbalancedEntries, long ForbiddenNegatives, DateTimeOffset CheckedAt)
{
    public long Total => MismatchedBalances + UnbalancedEntries + ForbiddenNegatives;
}
