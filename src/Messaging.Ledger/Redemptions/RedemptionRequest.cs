using System.Globalization;
using Messaging.Contracts.Redemption;
using Messaging.Ledger.Journal;

namespace Messaging.Ledger.Redemptions;

/// <summary>One RedeemRequested as the ledger decides it. The same redemption id with another <see cref="RequestHash"/> is a
/// conflict.</summary>
public sealed record RedemptionRequest(
    Guid RedemptionId,
    string UserId,
    string RewardId,
    long? ExpectedPoints,
    DateTimeOffset RequestedAt,
    string RequestHash,
    Guid SourceMessageId,
    string? TraceId
)
{
    /// <summary>Validated first: a request that cannot be a redemption at all is refused (<see cref="RedeemRequestValidation"/>).</summary>
    public static RedemptionRequest Of(RedeemRequested request, Guid sourceMessageId, string? traceId)
    {
        ArgumentNullException.ThrowIfNull(request);
        RedeemRequestValidation.Validate(request);
        return new RedemptionRequest(
            request.RedemptionId,
            request.UserId,
            request.RewardId,
            request.ExpectedPoints,
            request.RequestedAt.ToUniversalTime(),
            HashOf(request),
            sourceMessageId,
            traceId
        );
    }

    // The same redemption id with any of these different is a conflict.
    private static string HashOf(RedeemRequested request) =>
        PayloadHash.Of(
            request.RedemptionId.ToString(),
            request.UserId,
            request.RewardId,
            request.ExpectedPoints?.ToString(CultureInfo.InvariantCulture)
        );
}
