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

    /// <summary><paramref name="requestedPoints"/> (null: the event type's default) is part of what makes a copy the same.</summary>
    public static LedgerWrite WriteFor(AttendanceFact attendance, long? requestedPoints, AttendanceSettlement settlement)
    {
        ArgumentNullException.ThrowIfNull(attendance);
        var entry = EntryDraft.Transfer(
            KeyOf(attendance.EventId, attendance.UserId),
            EntryTypes.Attendance,
            $"{attendance.UserId} attended {attendance.EventType} event {attendance.EventId}",
            PayloadHash.Of(
                attendance.EventType,
                attendance.AttendedAt.UtcDateTime.ToString("O", CultureInfo.InvariantCulture),
                requestedPoints?.ToString(CultureInfo.InvariantCulture),
                attendance.TenantId
            ),
            attendance.AttendedAt,
            AccountRef.IssuanceOf(Issuers.Events),
            AccountRef.UserWallet(attendance.UserId),
            attendance.Points,
            JsonSerializer.Serialize(
                new
                {
                    attendance.EventId,
                    attendance.UserId,
                    attendance.EventType,
                    attendance.TenantId,
                    Week = IsoWeeks.Name(attendance.Week),
                    attendance.Points,
                }
            )
        );
        return new LedgerWrite(
            entry,
            [],
            Settlement: new SettlementRequest<AttendanceFact, AttendanceSettled>(
                settlement,
                attendance,
                AttendanceSettlement.AccountsOf(attendance.UserId)
            )
        );
    }
}
