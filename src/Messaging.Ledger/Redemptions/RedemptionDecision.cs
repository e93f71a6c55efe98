using Messaging.Ledger.Expiry;

namespace Messaging.Ledger.Redemptions;

/// <summary>
/// What the ledger decided for one request. <see cref="Saga"/> is the row written for it (null when repeated or conflicting);
/// <see cref="Detail"/> is for the requester (a rejection's or a hold's detail, a conflict's reason); <see cref="Balance"/> is the wallet's
/// right after this request.
/// </summary>
public sealed record RedemptionDecision(RedemptionDecisionKind Kind, RedemptionSagaRecord? Saga, string Detail, long Balance)
{
    /// <summary>Until when a completed redemption can be used.</summary>
    public DateTimeOffset? ExpiresAt { get; init; }

    /// <summary>Lots of the wallet that were due, expired before its points were counted (each to be announced).</summary>
    public IReadOnlyList<ExpiredLot> Expired { get; init; } = [];
}
