namespace Messaging.Ledger.Queries;

/// <summary>
/// A user's figures (seed 001's current, lifetime earned and redeemed, last earned; held and available). Earned
/// counts earning entries only: points given back for an expired redemption are <see cref="LifetimeRefunded"/>.
/// </summary>
public sealed record UserFigures(
    string UserId,
    long CurrentPoints,
    long HeldPoints,
    long AvailablePoints,
    long LifetimeEarned,
    long LifetimeRedeemed,
    DateTimeOffset? LastEarnedAt,
    long LifetimeRefunded
);
