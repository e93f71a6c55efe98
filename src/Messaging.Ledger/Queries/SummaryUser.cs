namespace Messaging.Ledger.Queries;

/// <summary>One user in <see cref="LedgerSummary.TopUsers"/>.</summary>
public sealed record SummaryUser(string UserId, long CurrentPoints, long LifetimeEarned);
