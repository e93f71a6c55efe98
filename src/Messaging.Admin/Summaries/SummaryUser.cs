namespace Messaging.Admin.Summaries;

internal sealed record SummaryUser(string UserId, long CurrentPoints, long LifetimeEarned);
