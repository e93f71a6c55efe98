namespace Messaging.Ledger.Quotas;

// Rolls every user whose latest quota month is before a month over into it, a batch at a time: the processor's sweeper on its timer,
// and `quota rollover --all` on an operator's word. Each user's rollover is the very write their month's first use makes (QuotaRollover,
// once per key), so a sweep racing deductions, or another sweep, changes nothing twice.
public sealed class QuotaSweep(QuotaQueries queries, QuotaPlans plans, QuotaLimits limits)
{
    private const int BatchSize = 500;

    /// <returns>How many users were rolled over.</returns>
    public async Task<int> RollOverEveryoneAsync(string month, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var rolled = 0;
        IReadOnlyList<string> users;
        do
        {
            users = await queries.NotRolledOverAsync(month, BatchSize, cancellationToken);
            foreach (var user in users)
            {
                await plans.RollOverAsync(user, month, await limits.LimitOfAsync(user, cancellationToken), now, cancellationToken);
                rolled++;
            }
        } while (users.Count == BatchSize);

        return rolled;
    }
}
