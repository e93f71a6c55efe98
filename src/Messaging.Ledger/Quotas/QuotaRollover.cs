using System.Globalization;
using System.Text.Json;
using Messaging.Ledger.Accounts;
using Messaging.Ledger.Journal;
using Messaging.Ledger.Writing;

namespace Messaging.Ledger.Quotas;

// The month rollover as ledger facts, with no job: whatever first touches a user's quota in a new month (a deduction, a status read, the
// sweeper) closes the previous month, whose unused tokens lapse (quota-lapse:{user}:{month}), and opens the new one with the plan's
// limit (quota-reset:{user}:{month}, seed 004's reset). Each is written once per key under the lock of the user's month accounts,
// however many first uses race.
public static class QuotaRollover
{
    public static string ResetKey(string userId, string month) => $"quota-reset:{userId}:{month}";

    public static string LapseKey(string userId, string month) => $"quota-lapse:{userId}:{month}";

    /// <summary>What must exist before the user's quota is used in <paramref name="month"/>.</summary>
    public static IReadOnlyList<LedgerPrecondition> For(string userId, string month, long monthlyLimit, DateTimeOffset now)
    {
        var previous = QuotaMonth.Before(month);
        var closing = AccountRef.TokenQuota(userId, previous);
        var opening = AccountRef.TokenQuota(userId, month);
        return [new LedgerPrecondition(LapseKey(userId, previous), [closing, AccountRef.TokenLapsed], view => view.Available(closing.Code)
                    is var left
                        and > 0
                    ? EntryDraft.Transfer(
                        LapseKey(userId, previous),
                        EntryTypes.QuotaLapse,
                        $"{userId}'s unused tokens of {previous} lapse",
                        PayloadHash.Of(userId, previous),
                        now,
                        closing,
                        AccountRef.TokenLapsed,
                        left,
                        JsonSerializer.Serialize(
                            new
                            {
                                UserId = userId,
                                Month = previous,
                                Lapsed = left,
                            }
                        )
                    )
                    : null), new LedgerPrecondition(ResetKey(userId, month), [AccountRef.TokenIssuance, opening], _ => monthlyLimit > 0
                    ? EntryDraft.Transfer(
                        ResetKey(userId, month),
                        EntryTypes.QuotaReset,
                        $"{userId}'s quota for {month} opens with {monthlyLimit} tokens",
                        PayloadHash.Of(userId, month, monthlyLimit.ToString(CultureInfo.InvariantCulture)),
                        now,
                        AccountRef.TokenIssuance,
                        opening,
                        monthlyLimit,
                        JsonSerializer.Serialize(
                            new
                            {
                                UserId = userId,
                                Month = month,
                                Limit = monthlyLimit,
                            }
                        )
                    )
                    : null)];
    }
}
