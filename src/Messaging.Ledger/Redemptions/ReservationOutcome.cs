namespace Messaging.Ledger.Redemptions;

/// <summary>
/// <see cref="RejectionReason"/> is null when the hold was placed, else one of <see cref="RejectionReasons"/>. The reward's terms are
/// filled whenever the reward exists; the balance once the wallet was looked at.
/// </summary>
public sealed record ReservationOutcome(
    string? RejectionReason,
    string Detail,
    string? RewardName,
    long Cost,
    int ValidityDays,
    string? FulfilmentKind,
    long Balance,
    bool StockReserved
)
{
    public bool Held => RejectionReason is null;

    /// <summary>Lots of the wallet that were due, expired before the points were counted (each to be announced).</summary>
    public IReadOnlyList<Expiry.ExpiredLot> Expired { get; init; } = [];
}
