namespace Messaging.Ledger.Users;

/// <summary>
/// A user's figures as seed 001 shows them (current points, lifetime earned and redeemed, last earned),
/// read from the <c>user_points</c> view over the ledger rather than kept in sync by hand.
/// </summary>
public sealed class UserPoints
{
    public required string UserId { get; set; }
    public long CurrentPoints { get; set; }
    public long HeldPoints { get; set; }
    public long AvailablePoints { get; set; }
    public long LifetimeEarned { get; set; }
    public long LifetimeRedeemed { get; set; }
    public long LifetimeRefunded { get; set; }
    public DateTimeOffset? LastEarnedAt { get; set; }
}
