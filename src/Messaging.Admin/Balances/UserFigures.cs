namespace Messaging.Admin.Balances;

/// <summary>The JSON shape of <c>balance --json</c>.</summary>
internal sealed record UserFigures(string UserId, long CurrentPoints, long HeldPoints, long AvailablePoints, long LifetimeEarned, long LifetimeRedeemed, DateTimeOffset? LastEarnedAt);
