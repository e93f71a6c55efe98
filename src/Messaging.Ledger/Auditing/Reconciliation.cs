namespace Messaging.Ledger.Auditing;

/// <summary>The ledger's three money invariants as counts, each of which must read 0.</summary>
/// <param name="MismatchedBalances">Accounts whose cached balance differs from the sum of their postings.</param>
/// <param name="UnbalancedEntries">Journal entries whose postings do not sum to zero (or that have fewer than two).</param>
/// <param name="ForbiddenNegatives">Accounts that may not go negative and are.</param>
/// <param name="CheckedAt">When it was counted.</param>
public sealed record Reconciliation(long MismatchedBalances, long UnbalancedEntries, long ForbiddenNegatives, DateTimeOffset CheckedAt)
{
    public long Total => MismatchedBalances + UnbalancedEntries + ForbiddenNegatives;
}
