namespace Messaging.Ledger.Attendance;

public enum BadgeMeasure
{
    /// <summary>In weeks (Consistent Attendee).</summary>
    LongestStreak,

    /// <summary>Event Explorer.</summary>
    DistinctEventTypes,

    /// <summary>Regular.</summary>
    Attendances,

    /// <summary>Attendances of one event type, the badge's EventType (trivia nights, say).</summary>
    EventTypeAttendances,

    /// <summary>Attendances whose achievements include the badge's Achievement: seed 003's Trivia Master (trivia-win).</summary>
    Achievements,

    /// <summary>Distinct attendees the user connected with, over all their attendances: seed 003's Social Butterfly.</summary>
    DistinctConnections,

    /// <summary>Distinct new members the user brought, over all their attendances: seed 003's Community Builder.</summary>
    DistinctMembersBrought,
}
