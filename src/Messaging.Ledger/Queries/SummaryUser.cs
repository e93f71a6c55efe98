namespace Messaging.Ledger.Queries;

public sealed record SummaryUser(string UserId, long CurrentPoints, long LifetimeEarned);
