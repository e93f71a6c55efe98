namespace Messaging.Ledger.Quotas;

/// <summary>Which of the configured usage thresholds (<see cref="QuotaOptions.ThresholdPercents"/>) one use crosses.</summary>
public static class QuotaThresholds
{
    /// <summary>
    /// The percents of <paramref name="limit"/> that the month's use passed by this use of <paramref name="amount"/>
    /// tokens, now that <paramref name="used"/> are used. Uses of one user are decided one after another under the lock of
    /// their month, so exactly one use crosses each threshold.
    /// </summary>
    public static IEnumerable<int> CrossedBy(IEnumerable<int> thresholdPercents, long amount, long used, long limit) =>
        thresholdPercents.Where(percent => (used - amount) * 100 < percent * limit && used * 100 >= percent * limit);
}
