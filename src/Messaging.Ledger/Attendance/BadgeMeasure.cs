namespace Messaging.Ledger.Attendance;

/// <summary>What a badge's levels count.</summary>
public enum BadgeMeasure
{
    /// <summary>The longest weekly streak, in weeks (Consistent Attendee).</summary>
    LongestStreak,

    /// <summary>Distinct event types attended (Event Explorer).</summary>
    DistinctEventTypes,

    /// <summary>Attendances (Regular).</summary>
    Attendances,
}
