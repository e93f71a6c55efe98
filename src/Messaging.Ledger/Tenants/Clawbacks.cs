using System.Globalization;
using System.Text.Json;
using Messaging.Ledger.Accounts;
using Messaging.Ledger.Journal;
using Messaging.Ledger.Writing;

namespace Messaging.Ledger.Tenants;

// The tenant's pool → platform issuance, at most what the pool holds (decided under the pool's lock), once per clawback id; the shortfall
// is recorded on the entry. Users' wallets are never touched: seed 002 makes them permanent.
public static class Clawbacks
{
    public static string KeyOf(string clawbackId) => $"clawback:{clawbackId}";

    public static LedgerWrite WriteFor(ClawbackRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        var pool = AccountRef.TenantPool(request.TenantId);
        var hash = PayloadHash.Of(
            request.TenantId,
            request.Points.ToString(CultureInfo.InvariantCulture),
            request.Reason,
            request.RequestedBy
        );
        var requested = EntryFor(request, pool, hash, request.Points);
        return new LedgerWrite(requested, [], Guard: new LedgerGuard([], view =>
            {
                var applied = Math.Min(request.Points, view.Available(pool.Code));
                return applied > 0
                    ? GuardDecision.Apply(EntryFor(request, pool, hash, applied))
                    : GuardDecision.Refuse(
                        TenantRefusalCodes.PoolEmpty,
                        $"Clawback {request.ClawbackId} found tenant {request.TenantId}'s pool empty: nothing was "
                            + $"taken back (shortfall {request.Points}). "
                            + "No entry was written under the clawback id, so sending it again after an allocation would apply it."
                    );
            }));
    }

    private static EntryDraft EntryFor(ClawbackRequest request, AccountRef pool, string hash, long applied)
    {
        var shortfall = request.Points - applied;
        var metadata = JsonSerializer.Serialize(
            new
            {
                request.ClawbackId,
                request.TenantId,
                request.Reason,
                request.RequestedBy,
                request.AuthorisedBy,
                RequestedPoints = request.Points,
                AppliedPoints = applied,
                Shortfall = shortfall,
            }
        );
        var description =
            shortfall == 0
                ? $"Clawback {request.ClawbackId} from tenant {request.TenantId}"
                : $"Clawback {request.ClawbackId} from tenant {request.TenantId}: {applied} of "
                    + $"{request.Points} points, the pool's whole balance (shortfall {shortfall})";
        return EntryDraft.Transfer(
            KeyOf(request.ClawbackId),
            EntryTypes.TenantClawback,
            description,
            hash,
            request.OccurredAt,
            pool,
            AccountRef.IssuanceOf(Issuers.Admins),
            applied,
            metadata
        );
    }
}
