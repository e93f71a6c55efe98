using Messaging.Contracts;
using Microsoft.Extensions.Caching.Memory;

namespace Messaging.Ledger.Tenants;

// A registered tenant is remembered for a few seconds, so a burst of recognitions reads the registry once rather than once per message;
// an unknown one is asked for every time, so a tenant registered a moment ago is found at once.
public sealed class RegisteredTenants(TenantDirectory directory, IMemoryCache cache)
{
    /// <summary>How long a change to a tenant (its allowance, its time zone) may take to reach the processor.</summary>
    public static readonly TimeSpan RememberFor = TimeSpan.FromSeconds(5);

    /// <exception cref="MessageRejectedException">The tenant is not registered.</exception>
    public async Task<Tenant> RequireAsync(string tenantId, string messageType, CancellationToken cancellationToken)
    {
        if (cache.TryGetValue<Tenant>(CacheKey(tenantId), out var remembered) && remembered is not null)
        {
            return remembered;
        }

        var tenant = await directory.FindAsync(tenantId, cancellationToken)
            ?? throw new MessageRejectedException(
                TenantRefusalCodes.UnknownTenant,
                $"{messageType} names tenant '{tenantId}', which is not registered; nothing changed. "
                    + $"Register it with the admin tool (`tenant add {tenantId} --name <name>`) and replay the "
                    + "message, or correct the tenant id."
            );
        cache.Set(CacheKey(tenantId), tenant, RememberFor);
        return tenant;
    }

    private static string CacheKey(string tenantId) => $"tenant:{tenantId}";
}
