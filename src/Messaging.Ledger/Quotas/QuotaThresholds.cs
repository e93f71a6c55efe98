namespace Messaging.Ledger.Quotas;

public static class QuotaThresholds
{
    // Uses of one user are decided one after another under the lock of their month, so exactly one use crosses each threshold.
    /// <summary>
    /// The percents of <paramref name="limit"/> that this use of <paramref name="amount"/> tokens passed, now that <paramref name="used"/>
    /// are used.
    /// </summary>
    public static IEnumerable<int> CrossedBy(IEnumerable<int> thresholdPercents, long amount, long used, long limit) =>
        thresholdPercents.Where(percent => (used - amount) * 100 < percent * limit && used * 100 >= percent * limit);
}
