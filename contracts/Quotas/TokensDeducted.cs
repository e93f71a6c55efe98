namespace Messaging.Contracts.Quotas;

/// <summary>
/// Tokens were deducted from a user's monthly quota; the figures are seed 004's response shape. Owned and published by
/// the points processor through its outbox; consumed by the product that asked. Exchange <c>tokens-deducted</c> (fanout).
/// JSON Schema: <c>contracts/schemas/tokens-deducted.v1.json</c>.
/// </summary>
/// <param name="UsageId">The use answered.</param>
/// <param name="UserId">Whose quota paid.</param>
/// <param name="Feature">What was used.</param>
/// <param name="Amount">Tokens deducted.</param>
/// <param name="Month">The quota month (yyyy-MM, in the configured time zone).</param>
/// <param name="MonthlyUsed">Tokens used this month, this use included.</param>
/// <param name="MonthlyLimit">The month's limit.</param>
/// <param name="MonthlyRemaining">What is left this month.</param>
/// <param name="OccurredAt">When the ledger recorded it.</param>
public sealed record TokensDeducted(
    string UsageId,
    string UserId,
    string Feature,
    long Amount,
    string Month,
    long MonthlyUsed,
    long MonthlyLimit,
    long MonthlyRemaining,
    DateTimeOffset OccurredAt
);
