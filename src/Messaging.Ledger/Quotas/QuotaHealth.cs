namespace Messaging.Ledger.Quotas;

/// <summary>
/// Seed 004's health checks: users whose quota was not rolled over into the current month (stale), and deductions
/// refused recently (failed transactions).
/// </summary>
/// <param name="Month">The current quota month.</param>
/// <param name="Users">Users with a quota in any month.</param>
/// <param name="Current">Users whose quota is open in the current month.</param>
/// <param name="Stale">Users whose latest quota month is an earlier one.</param>
/// <param name="StaleSample">Up to ten of them.</param>
/// <param name="RefusedLastDay">Deductions refused in the last 24 hours.</param>
public sealed record QuotaHealth(string Month, long Users, long Current, long Stale, IReadOnlyList<string> StaleSample, long RefusedLastDay)
{
    public bool Healthy => Stale == 0;
}
