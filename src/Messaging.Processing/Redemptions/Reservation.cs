namespace Messaging.Processing.Redemptions;

/// <summary>The answer to a reservation: the hold was placed, or the request is refused with a reason code.</summary>
/// <param name="RejectionReason">Null when the hold was placed; otherwise one of <see cref="Ledger.Redemptions.RejectionReasons"/>.</param>
/// <param name="Detail">What a person needs to know, for example the available points and the cost.</param>
public sealed record Reservation(string? RejectionReason, string Detail)
{
    public bool Accepted => RejectionReason is null;

    public static Reservation Held(string detail) => new(null, detail);

    public static Reservation Rejected(string reason, string detail) => new(reason, detail);
}
