namespace Messaging.Ledger.Attendance;

public enum BadgeMeasure
{
    /// <summary>In weeks (Consistent Attendee).</summary>
    LongestStreak,

    /// <summary>Event Explorer.</summary>
    DistinctEventTypes,

    /// <summary>Regular.</summary>
    Attendances,

    /// <summary>
    /// Attendances of one event type, the badge's EventType: seed 003's Trivia Master (trivia nights) or Social Butterfly (social
    /// events), as far as attendance messages can tell.
    /// </summary>
    EventTypeAttendances,
}
