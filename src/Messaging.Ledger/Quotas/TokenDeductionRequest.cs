namespace Messaging.Ledger.Quotas;

/// <summary><see cref="ContextJson"/> is kept with the use (or null).</summary>
public sealed record TokenDeductionRequest(
    string UsageId,
    string UserId,
    string Feature,
    long Amount,
    string? ContextJson,
    DateTimeOffset OccurredAt
);
