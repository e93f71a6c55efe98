using MassTransit;
using Messaging.Ledger.Redemptions;

namespace Messaging.Processing.Redemptions;

// An interface so the state machine's unit tests can run on MassTransit's test harness without a database. Every step runs inside the
// consumed message's transaction, so it commits with the saga's state and its outgoing messages, or not at all.
public interface IRedemptionLedger
{
    /// <summary>
    /// When the reward and the user's available points allow it, reserves one unit of stock and places a hold for the cost. Fills the
    /// redemption's reward fields either way.
    /// </summary>
    Task<ReservationOutcome> ReserveAsync(
        ConsumeContext context,
        RedemptionState redemption,
        long? expectedPoints,
        DateTimeOffset holdExpiresAt
    );

    /// <summary>Issues the built-in voucher of the redemption's reward (the same code when asked again) and returns its code.</summary>
    Task<string> IssueVoucherAsync(ConsumeContext context, RedemptionState redemption);

    /// <summary>Spends the held points and records the completed redemption; false when the hold is no longer active.</summary>
    Task<bool> CaptureAsync(ConsumeContext context, RedemptionState redemption, DateTimeOffset redeemedAt);

    /// <summary>Voids the hold (if still active) and gives back reserved stock.</summary>
    Task VoidAsync(ConsumeContext context, RedemptionState redemption, string reason);
}
