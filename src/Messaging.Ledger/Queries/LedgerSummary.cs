namespace Messaging.Ledger.Queries;

/// <summary>Totals over every user and the top users by current points.</summary>
public sealed record LedgerSummary(
    long Users,
    long CurrentPoints,
    long LifetimeEarned,
    long LifetimeRedeemed,
    IReadOnlyList<SummaryUser> TopUsers
);
