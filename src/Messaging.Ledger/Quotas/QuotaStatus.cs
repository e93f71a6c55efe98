namespace Messaging.Ledger.Quotas;

// Seed 004's shape.
public sealed record QuotaStatus(string UserId, string Month, long MonthlyUsed, long MonthlyLimit, long MonthlyRemaining);
