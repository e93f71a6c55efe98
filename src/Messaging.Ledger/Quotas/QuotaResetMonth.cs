namespace Messaging.Ledger.Quotas;

/// <summary>
/// Seed 004's resets, per month: how many users' quotas opened in it and with how many tokens, and how many unused tokens lapsed
/// when it closed (0 while it is open).
/// </summary>
public sealed record QuotaResetMonth(string Month, long Resets, long TokensGranted, long TokensLapsed);
