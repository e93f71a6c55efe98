using System.Globalization;
using System.Text.Json;
using Messaging.Ledger.Accounts;
using Messaging.Ledger.Journal;
using Messaging.Ledger.Writing;

namespace Messaging.Ledger.Attendance;

// Points come from platform issuance like an order's, never from a tenant's recognition pool; paid once per (event, user) whatever the
// message id.
public static class Attendances
{
    public static string KeyOf(string eventId, string userId) => $"attendance:{eventId}:{userId}";

    public static string ActivityBonusKeyOf(string eventId, string userId, string activity) =>
        $"activity-bonus:{eventId}:{userId}:{activity}";

    /// <summary>
    /// <paramref name="requestedPoints"/> (null: the event type's default) is part of what makes a copy the same.
    /// <paramref name="activityBonuses"/> pays each special activity the attendance names among its achievements, once, with it.
    /// </summary>
    public static LedgerWrite WriteFor(
        AttendanceFact attendance,
        long? requestedPoints,
        AttendanceSettlement settlement,
        IReadOnlyDictionary<string, long>? activityBonuses = null
    )
    {
        ArgumentNullException.ThrowIfNull(attendance);
        var entry = EntryDraft.Transfer(
            KeyOf(attendance.EventId, attendance.UserId),
            EntryTypes.Attendance,
            $"{attendance.UserId} attended {attendance.EventType} event {attendance.EventId}",
            PayloadHash.Of([.. HashedFields(attendance, requestedPoints)]),
            attendance.AttendedAt,
            AccountRef.IssuanceOf(Issuers.Events),
            AccountRef.UserWallet(attendance.UserId),
            attendance.Points,
            JsonSerializer.Serialize(
                new Dictionary<string, object?>
                {
                    [nameof(attendance.EventId)] = attendance.EventId,
                    [nameof(attendance.UserId)] = attendance.UserId,
                    [nameof(attendance.EventType)] = attendance.EventType,
                    [nameof(attendance.TenantId)] = attendance.TenantId,
                    ["Week"] = IsoWeeks.Name(attendance.Week),
                    [nameof(attendance.Points)] = attendance.Points,
                }
                    .Concat(Lists(attendance).Where(l => l.Values.Count > 0).Select(l => KeyValuePair.Create(l.Name, (object?)l.Values)))
                    .ToDictionary()
            )
        );
        var bonuses = attendance
            .Achievements.Distinct(StringComparer.Ordinal)
            .Where(a => activityBonuses?.ContainsKey(a) == true)
            .Select(activity =>
                EntryDraft.Transfer(
                    ActivityBonusKeyOf(attendance.EventId, attendance.UserId, activity),
                    EntryTypes.ActivityBonus,
                    $"{attendance.UserId}'s special activity {activity} at event {attendance.EventId}",
                    PayloadHash.Of(attendance.UserId, attendance.EventId, activity),
                    attendance.AttendedAt,
                    AccountRef.IssuanceOf(Issuers.Events),
                    AccountRef.UserWallet(attendance.UserId),
                    activityBonuses![activity],
                    JsonSerializer.Serialize(
                        new
                        {
                            attendance.EventId,
                            attendance.UserId,
                            Activity = activity,
                            attendance.TenantId,
                        }
                    )
                )
            )
            .ToList();
        return new LedgerWrite(
            entry,
            bonuses,
            Settlement: new SettlementRequest<AttendanceFact, AttendanceSettled>(
                settlement,
                attendance,
                AttendanceSettlement.AccountsOf(attendance.UserId)
            )
        );
    }

    // The lists count only when an attendance has any, so an attendance without them hashes as it always did; their order does not count.
    private static IEnumerable<string?> HashedFields(AttendanceFact attendance, long? requestedPoints)
    {
        yield return attendance.EventType;
        yield return attendance.AttendedAt.UtcDateTime.ToString("O", CultureInfo.InvariantCulture);
        yield return requestedPoints?.ToString(CultureInfo.InvariantCulture);
        yield return attendance.TenantId;
        if (Lists(attendance).Any(l => l.Values.Count > 0))
        {
            foreach (var (_, values) in Lists(attendance))
            {
                yield return string.Join(',', values.Order(StringComparer.Ordinal));
            }
        }
    }

    private static (string Name, IReadOnlyList<string> Values)[] Lists(AttendanceFact attendance) =>
        [
            (nameof(attendance.Achievements), attendance.Achievements),
            (nameof(attendance.BroughtUserIds), attendance.BroughtUserIds),
            (nameof(attendance.ConnectedUserIds), attendance.ConnectedUserIds),
        ];
}
