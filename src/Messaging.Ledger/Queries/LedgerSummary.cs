namespace Messaging.Ledger.Queries;

public sealed record LedgerSummary(
    long Users,
    long CurrentPoints,
    long LifetimeEarned,
    long LifetimeRedeemed,
    IReadOnlyList<SummaryUser> TopUsers
);
