using Messaging.Ledger.Quotas;
using Messaging.Processing.Faults;
using Microsoft.Extensions.Caching.Memory;
using Microsoft.Extensions.Options;

namespace Messaging.Processing.Quotas;

/// <summary>
/// A user's monthly limit: their plan's (the default plan's when nobody moved them). The plan is remembered for a few
/// seconds, so a burst of uses reads it once; a plan change reaches the processor within that time.
/// </summary>
public sealed class QuotaLimits(QuotaPlans plans, IOptions<QuotaOptions> options, IMemoryCache cache)
{
    public static readonly TimeSpan RememberFor = TimeSpan.FromSeconds(5);

    /// <exception cref="MessageRejectedException">The user's plan is not in the settings.</exception>
    public async Task<long> LimitOfAsync(string userId, CancellationToken cancellationToken)
    {
        var key = $"quota-plan:{userId}";
        if (!cache.TryGetValue<string>(key, out var plan) || plan is null)
        {
            plan = await plans.PlanOfAsync(userId, cancellationToken) ?? options.Value.DefaultPlan;
            cache.Set(key, plan, RememberFor);
        }

        try
        {
            return options.Value.LimitOf(plan);
        }
        catch (KeyNotFoundException ex)
        {
            throw new MessageRejectedException("unknown_plan", $"{userId}'s quota cannot be decided: {ex.Message}");
        }
    }
}
