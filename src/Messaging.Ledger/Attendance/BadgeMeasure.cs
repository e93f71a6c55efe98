namespace Messaging.Ledger.Attendance;

public enum BadgeMeasure
{
    /// <summary>In weeks (Consistent Attendee).</summary>
    LongestStreak,

    /// <summary>Event Explorer.</summary>
    DistinctEventTypes,

    /// <summary>Regular.</summary>
    Attendances,
}
