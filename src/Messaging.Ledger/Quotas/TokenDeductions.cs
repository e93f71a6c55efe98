using System.Globalization;
using System.Text.Json;
using Messaging.Ledger.Accounts;
using Messaging.Ledger.Journal;
using Messaging.Ledger.Writing;

namespace Messaging.Ledger.Quotas;

// Decided under the month account's lock after the month's rollover. A refusal (QuotaRefusalCodes.QuotaExceeded) is final: the same
// usage id asked again gets the same answer.
public static class TokenDeductions
{
    public static string KeyOf(string usageId) => $"usage:{usageId}";

    /// <summary>
    /// <paramref name="month"/> is the quota month it is charged to; <paramref name="monthlyLimit"/> the user's plan's limit, should the
    /// month open now.
    /// </summary>
    public static LedgerWrite WriteFor(TokenDeductionRequest request, string month, long monthlyLimit, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(request);
        var quota = AccountRef.TokenQuota(request.UserId, month);
        var hash = PayloadHash.Of(
            request.UserId,
            request.Feature,
            request.Amount.ToString(CultureInfo.InvariantCulture),
            request.ContextJson ?? ""
        );
        EntryDraft Entry(long limit, long remainingAfter) =>
            EntryDraft.Transfer(
                KeyOf(request.UsageId),
                EntryTypes.TokensDeducted,
                $"{request.Amount} tokens of {request.UserId}'s {month} quota for {request.Feature}",
                hash,
                request.OccurredAt,
                quota,
                AccountRef.TokenUsage,
                request.Amount,
                JsonSerializer.Serialize(
                    new
                    {
                        request.UsageId,
                        request.UserId,
                        request.Feature,
                        Context = request.ContextJson is null ? (JsonElement?)null : JsonDocument.Parse(request.ContextJson).RootElement,
                        Month = month,
                        MonthlyLimit = limit,
                        MonthlyUsed = limit - remainingAfter,
                        MonthlyRemaining = remainingAfter,
                    }
                )
            );

        return new LedgerWrite(
            Entry(0, 0),
            [],
            Guard: new LedgerGuard(
                [],
                view =>
                {
                    var remaining = view.Available(quota.Code);
                    var limit = view.Credited(quota.Code);
                    return remaining >= request.Amount
                        ? GuardDecision.Apply(Entry(limit, remaining - request.Amount))
                        : GuardDecision.Refuse(
                            QuotaRefusalCodes.QuotaExceeded,
                            $"{request.UserId} has {remaining} of {limit} tokens left for {month}, fewer than the "
                                + $"{request.Amount} this use of {request.Feature} asks for; "
                                + "no quota changed. Use fewer tokens, wait for next month, or move the user to a larger plan."
                        );
                },
                RefusalIsFinal: true
            ),
            Preconditions: QuotaRollover.For(request.UserId, month, monthlyLimit, now)
        );
    }
}
