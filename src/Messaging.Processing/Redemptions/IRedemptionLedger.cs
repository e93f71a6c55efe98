using MassTransit;

namespace Messaging.Processing.Redemptions;

// The saga's ledger steps once a request waits for its reward (the request itself is decided in the group commit). An interface so the
// state machine's unit tests can run on MassTransit's test harness without a database. Every step runs inside the
// consumed message's transaction, so it commits with the saga's state and its outgoing messages, or not at all.
public interface IRedemptionLedger
{
    /// <summary>Spends the held points and records the completed redemption; false when the hold is no longer active.</summary>
    Task<bool> CaptureAsync(ConsumeContext context, RedemptionState redemption, DateTimeOffset redeemedAt);

    /// <summary>Voids the hold (if still active) and gives back reserved stock.</summary>
    Task VoidAsync(ConsumeContext context, RedemptionState redemption, string reason);
}
