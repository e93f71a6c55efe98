namespace Messaging.Admin.Summaries;

/// <summary>The JSON shape of <c>summary --json</c>.</summary>
internal sealed record Summary(long Users, long CurrentPoints, long LifetimeEarned, long LifetimeRedeemed, IReadOnlyList<SummaryUser> TopUsers);
