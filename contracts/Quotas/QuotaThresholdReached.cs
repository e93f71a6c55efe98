namespace Messaging.Contracts.Quotas;

/// <summary>
/// A user's usage crossed a configured share of their monthly limit (seed 004 alerts at 90 %); published once per user,
/// month and threshold. Owned and published by the points processor through its outbox; consumed by alerting and the
/// product. Exchange <c>quota-threshold-reached</c> (fanout). JSON Schema: <c>contracts/schemas/quota-threshold-reached.v1.json</c>.
/// </summary>
/// <param name="UserId">Whose quota.</param>
/// <param name="Month">The quota month (yyyy-MM).</param>
/// <param name="ThresholdPercent">The threshold crossed, in percent of the limit.</param>
/// <param name="MonthlyUsed">Tokens used this month when it was crossed.</param>
/// <param name="MonthlyLimit">The month's limit.</param>
/// <param name="OccurredAt">When the ledger recorded the use that crossed it.</param>
public sealed record QuotaThresholdReached(
    string UserId,
    string Month,
    int ThresholdPercent,
    long MonthlyUsed,
    long MonthlyLimit,
    DateTimeOffset OccurredAt
);
