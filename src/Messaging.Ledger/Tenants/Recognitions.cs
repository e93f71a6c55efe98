using System.Globalization;
using System.Text.Json;
using Messaging.Ledger.Accounts;
using Messaging.Ledger.Journal;
using Messaging.Ledger.Writing;

namespace Messaging.Ledger.Tenants;

// Decided under the pool's lock and the giver's allowance lock, so concurrent recognitions never take the pool below zero or a giver past
// their allowance. Every recognition draws on the giver's monthly usage, even when the tenant sets no allowance, so an allowance set
// mid-month counts what the giver already gave that month.
public static class Recognitions
{
    public static string KeyOf(string recognitionId) => $"recognition:{recognitionId}";

    public static LedgerWrite WriteFor(RecognitionRequest request, Tenant tenant)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(tenant);
        var pool = AccountRef.TenantPool(request.TenantId);
        var month = GivingAllowance.MonthOf(tenant, request.OccurredAt);
        var limitKey = GivingAllowance.LimitKeyOf(tenant, request.GiverId, request.OccurredAt);
        var metadata = JsonSerializer.Serialize(
            new Dictionary<string, string?>
            {
                [nameof(request.RecognitionId)] = request.RecognitionId,
                [nameof(request.TenantId)] = request.TenantId,
                [nameof(request.GiverId)] = request.GiverId,
                [nameof(request.ReceiverId)] = request.ReceiverId,
                [nameof(request.Message)] = request.Message,
                [GivingAllowance.MetadataField] = limitKey,
            }
        );
        var entry = EntryDraft.Transfer(
            KeyOf(request.RecognitionId),
            EntryTypes.Recognition,
            $"Recognition {request.RecognitionId} from {request.GiverId} to {request.ReceiverId} in tenant {request.TenantId}",
            PayloadHash.Of(
                request.TenantId,
                request.GiverId,
                request.ReceiverId,
                request.Points.ToString(CultureInfo.InvariantCulture),
                request.Message
            ),
            request.OccurredAt,
            pool,
            AccountRef.UserWallet(request.ReceiverId),
            request.Points,
            metadata
        );

        return new LedgerWrite(entry, [], Guard: new LedgerGuard([limitKey], view =>
            {
                if (string.Equals(request.GiverId, request.ReceiverId, StringComparison.Ordinal))
                {
                    return GuardDecision.Refuse(
                        TenantRefusalCodes.SelfRecognition,
                        $"{request.GiverId} cannot recognise themself; nothing changed. Recognise a colleague instead."
                    );
                }

                var inPool = view.Available(pool.Code);
                if (inPool < request.Points)
                {
                    return GuardDecision.Refuse(
                        TenantRefusalCodes.InsufficientAllocation,
                        $"Tenant {request.TenantId}'s pool holds {inPool} points, fewer than the {request.Points} "
                            + "this recognition asks for; nothing changed. "
                            + "Ask the platform to allocate more points to the tenant, or give fewer."
                    );
                }

                var left = tenant.MonthlyGivingAllowance - view.Used(limitKey);
                if (left < request.Points)
                {
                    return GuardDecision.Refuse(
                        TenantRefusalCodes.AllowanceExceeded,
                        $"{request.GiverId} has {Math.Max(0, left.Value)} of their {tenant.MonthlyGivingAllowance} "
                            + $"points of giving allowance left for {month} "
                            + $"({tenant.TimeZone}), fewer than the {request.Points} this recognition asks for; nothing "
                            + "changed. Give fewer, or wait for next month."
                    );
                }

                return GuardDecision.Apply(entry, new LimitDraw(limitKey, request.Points));
            }));
    }
}
