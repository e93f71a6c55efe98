namespace Messaging.Ledger.Quotas;

/// <summary>A product's request to deduct tokens for one use of a feature; <c>ContextJson</c> is kept with the use (or null).</summary>
public sealed record TokenDeductionRequest(
    string UsageId,
    string UserId,
    string Feature,
    long Amount,
    string? ContextJson,
    DateTimeOffset OccurredAt
);
