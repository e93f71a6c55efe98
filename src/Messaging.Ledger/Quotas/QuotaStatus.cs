namespace Messaging.Ledger.Quotas;

/// <summary>A user's quota in one month, seed 004's shape: used, limit, remaining.</summary>
public sealed record QuotaStatus(string UserId, string Month, long MonthlyUsed, long MonthlyLimit, long MonthlyRemaining);
