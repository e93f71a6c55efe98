namespace Messaging.Ledger.Users;

// Seed 001's figures, read from the user_points view over the ledger rather than kept in sync by hand.
public sealed class UserPoints
{
    public required string UserId { get; set; }
    public long CurrentPoints { get; set; }
    public long HeldPoints { get; set; }
    public long AvailablePoints { get; set; }
    public long LifetimeEarned { get; set; }
    public long LifetimeRedeemed { get; set; }
    public long LifetimeRefunded { get; set; }
    public long LifetimeExpired { get; set; }
    public DateTimeOffset? LastEarnedAt { get; set; }
}
