using System.Collections.Concurrent;
using System.Diagnostics;
using Messaging.Contracts;
using Microsoft.Extensions.Options;

namespace Messaging.Ledger.Quotas;

// A user's monthly limit: their plan's (the default plan's when nobody moved them). The processor keeps every plan on record in memory
// (a row of user_quota_plans per user ever moved, about 100 bytes each), read once and then only what changed, so a deduction never
// waits for a query on its way to the ledger: a lookup there would hold back every later message of its queue (the processor's delivery
// order). A plan change reaches the processor within RememberFor.
public sealed class QuotaLimits(QuotaPlans plans, IOptions<QuotaOptions> options)
{
    public static readonly TimeSpan RememberFor = TimeSpan.FromSeconds(5);

    // A plan change stamped (at its transaction's start) before the last refresh may commit after it.
    private static readonly TimeSpan Overlap = TimeSpan.FromMinutes(1);

    private readonly ConcurrentDictionary<string, string> _plans = new(StringComparer.Ordinal);
    private readonly Lock _lock = new();
    private Task? _refreshing;
    private long _readAt;
    private bool _loaded;
    private DateTimeOffset _newest = DateTimeOffset.MinValue;

    /// <exception cref="MessageRejectedException">The user's plan is not in the settings.</exception>
    public async Task<long> LimitOfAsync(string userId, CancellationToken cancellationToken)
    {
        var age = Stopwatch.GetElapsedTime(Interlocked.Read(ref _readAt));
        if (!Volatile.Read(ref _loaded) || age >= RememberFor)
        {
            await RefreshAsync().WaitAsync(cancellationToken);
        }
        else if (age >= RememberFor / 2)
        {
            // Read ahead in the background, so that under steady use nobody waits for the refresh.
            _ = RefreshAsync();
        }

        var plan = _plans.GetValueOrDefault(userId) ?? options.Value.DefaultPlan;
        try
        {
            return options.Value.LimitOf(plan);
        }
        catch (KeyNotFoundException ex)
        {
            throw new MessageRejectedException("unknown_plan", $"{userId}'s quota cannot be decided: {ex.Message}");
        }
    }

    // One refresh at a time: callers arriving meanwhile share it.
    private Task RefreshAsync()
    {
        lock (_lock)
        {
            return _refreshing ??= ReadChangesAsync();
        }
    }

    private async Task ReadChangesAsync()
    {
        try
        {
            var started = Stopwatch.GetTimestamp();
            var since = _newest == DateTimeOffset.MinValue ? DateTimeOffset.MinValue : _newest - Overlap;
            foreach (var (userId, plan, changedAt) in await plans.ChangedSinceAsync(since, CancellationToken.None))
            {
                _plans[userId] = plan;
                if (changedAt > _newest)
                {
                    _newest = changedAt;
                }
            }

            Interlocked.Exchange(ref _readAt, started);
            Volatile.Write(ref _loaded, true);
        }
        finally
        {
            lock (_lock)
            {
                _refreshing = null;
            }
        }
    }
}
