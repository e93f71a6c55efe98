using System.Globalization;
using System.Text.Json;
using Messaging.Ledger.Accounts;
using Messaging.Ledger.Journal;
using Messaging.Ledger.Writing;

namespace Messaging.Ledger.Attendance;

/// <summary>
/// An attendance: platform issuance → the user's wallet, once per (event, user) whatever the message id, then settled
/// (<see cref="AttendanceSettlement"/>) in the same transaction. Its points come from the platform like an order's,
/// never from a tenant's recognition pool.
/// </summary>
public static class Attendances
{
    public static string KeyOf(string eventId, string userId) => $"attendance:{eventId}:{userId}";

    /// <param name="attendance">The attendance, its week and points decided.</param> <param name="requestedPoints">The points the message
    /// asked for (null: the event type's default), part of what makes a copy the same.</param> <param name="settlement">Who settles streaks
    /// and badges.</param>
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
