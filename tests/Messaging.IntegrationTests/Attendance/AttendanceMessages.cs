using System.Globalization;
using System.Text.Json;

namespace Messaging.IntegrationTests.Attendance;

/// <summary>EventAttended bodies as an event system publishes them, and the names of the attendance queues and exchanges.</summary>
internal static class AttendanceMessages
{
    public const string Exchange = "event-attended";
    public const string Queue = "ledger-attendance";
    public const string ErrorQueue = "ledger-attendance_error";

    /// <summary>Monday of ISO week 45 of 2026, 10:00 UTC; week n of the tests is <c>Week(n)</c>.</summary>
    private static readonly DateTimeOffset Week45 = new(2026, 11, 2, 10, 0, 0, TimeSpan.Zero);

    /// <summary>A time in ISO week <paramref name="isoWeek"/> of 2026 (45 to 53), <paramref name="day"/> days after its Monday 10:00
    /// UTC.</summary>
    public static DateTimeOffset Week(int isoWeek, int day = 0) => Week45.AddDays((7 * (isoWeek - 45)) + day);

    public static string Attended(
        string eventId,
        string userId,
        string eventType,
        DateTimeOffset attendedAt,
        long? points = null,
        string? tenantId = null,
        string[]? achievements = null,
        string[]? broughtUserIds = null,
        string[]? connectedUserIds = null
    )
    {
        var message = new Dictionary<string, object?>
        {
            ["eventId"] = eventId,
            ["userId"] = userId,
            ["eventType"] = eventType,
            ["attendedAt"] = attendedAt.ToString("yyyy-MM-ddTHH:mm:ss.fffzzz", CultureInfo.InvariantCulture),
            ["pointsReward"] = points,
            ["tenantId"] = tenantId,
        };

        // Left out when not given, as a producer that predates them sends it.
        foreach (
            var (name, values) in new[]
            {
                ("achievements", achievements),
                ("broughtUserIds", broughtUserIds),
                ("connectedUserIds", connectedUserIds),
            }
        )
        {
            if (values is not null)
            {
                message[name] = values;
            }
        }

        return JsonSerializer.Serialize(message);
    }
}
