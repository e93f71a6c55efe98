namespace Messaging.Ledger.Queries;

/// <summary>
/// Seed 001's figures. Earned counts earning entries only: points given back for an expired redemption are
/// <see cref="LifetimeRefunded"/>. Points that expired before they were spent are <see cref="LifetimeExpired"/>, not redeemed.
/// </summary>
public sealed record UserFigures(
    string UserId,
    long CurrentPoints,
    long HeldPoints,
    long AvailablePoints,
    long LifetimeEarned,
    long LifetimeRedeemed,
    DateTimeOffset? LastEarnedAt,
    long LifetimeRefunded,
    long LifetimeExpired
);
