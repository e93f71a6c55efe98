using System.Globalization;
using System.Text.Json;
using Messaging.Ledger.Accounts;
using Messaging.Ledger.Journal;
using Messaging.Ledger.Writing;

namespace Messaging.Ledger.Tenants;

// Platform issuance → the tenant's pool, once per allocation id.
public static class Allocations
{
    public static string KeyOf(string allocationId) => $"allocation:{allocationId}";

    public static LedgerWrite WriteFor(AllocationRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        var metadata = JsonSerializer.Serialize(
            new
            {
                request.AllocationId,
                request.TenantId,
                request.ReferenceNote,
                request.RequestedBy,
                request.AuthorisedBy,
            }
        );
        var entry = EntryDraft.Transfer(
            KeyOf(request.AllocationId),
            EntryTypes.TenantAllocation,
            $"Allocation {request.AllocationId} to tenant {request.TenantId}",
            PayloadHash.Of(
                request.TenantId,
                request.Points.ToString(CultureInfo.InvariantCulture),
                request.ReferenceNote,
                request.RequestedBy
            ),
            request.OccurredAt,
            AccountRef.IssuanceOf(Issuers.Admins),
            AccountRef.TenantPool(request.TenantId),
            request.Points,
            metadata
        );
        return new LedgerWrite(entry, []);
    }
}
