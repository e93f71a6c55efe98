namespace Messaging.Ledger.Quotas;

/// <summary>
/// Seed 004's health checks. <see cref="Stale"/>: users whose latest quota month is before the current one (<see cref="StaleSample"/>:
/// up to ten of them); <see cref="RefusedLastDay"/>: deductions refused in the last 24 hours.
/// </summary>
public sealed record QuotaHealth(string Month, long Users, long Current, long Stale, IReadOnlyList<string> StaleSample, long RefusedLastDay)
{
    public bool Healthy => Stale == 0;
}
