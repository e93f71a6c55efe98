namespace Messaging.Ledger.Attendance;

// Attendance:Badges:{code}, as comma-separated lists.
public sealed class BadgeOptions
{
    public string Name { get; set; } = "";

    public BadgeMeasure Measure { get; set; }

    /// <summary>Five increasing thresholds, for example 3,10,25,50,100.</summary>
    public string Thresholds { get; set; } = "";

    /// <summary>Five payments of 0 or more points, one per level.</summary>
    public string Points { get; set; } = "20,40,80,160,320";

    /// <summary>The event type an EventTypeAttendances badge counts (for example trivia); for that measure only.</summary>
    public string? EventType { get; set; }

    /// <summary>The achievement an Achievements badge counts (for example trivia-win); for that measure only.</summary>
    public string? Achievement { get; set; }
}
