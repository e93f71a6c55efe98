namespace Messaging.Contracts.Quotas;

/// <summary>
/// A deduction the rules refused; no quota changed, and the attempt is recorded (seed 004 tracks failed transactions).
/// Owned and published by the points processor through its outbox; consumed by the product that asked.
/// Exchange <c>tokens-deduct-rejected</c> (fanout). JSON Schema: <c>contracts/schemas/tokens-deduct-rejected.v1.json</c>.
/// </summary>
/// <param name="UsageId">The use refused.</param>
/// <param name="UserId">Whose quota it asked.</param>
/// <param name="Feature">What was to be used.</param>
/// <param name="Amount">Tokens asked for.</param>
/// <param name="Reason"><c>quota_exceeded</c>: the month has less left than asked.</param>
/// <param name="Details">The reason in words, with what remains.</param>
/// <param name="Month">The quota month (yyyy-MM).</param>
/// <param name="MonthlyUsed">Tokens used this month.</param>
/// <param name="MonthlyLimit">The month's limit.</param>
/// <param name="MonthlyRemaining">What is left this month.</param>
/// <param name="OccurredAt">When the ledger decided it.</param>
public sealed record TokensDeductRejected(
    string UsageId,
    string UserId,
    string Feature,
    long Amount,
    string Reason,
    string Details,
    string Month,
    long MonthlyUsed,
    long MonthlyLimit,
    long MonthlyRemaining,
    DateTimeOffset OccurredAt
);
