namespace Messaging.Ledger.Attendance;

/// <summary>
/// Level n is reached when <see cref="Measure"/> reaches <see cref="Thresholds"/>[n-1], and pays <see cref="Points"/>[n-1].
/// <see cref="EventType"/> is the event type an <see cref="BadgeMeasure.EventTypeAttendances"/> badge counts; null for the others.
/// </summary>
public sealed record BadgeRule(
    string Code,
    string Name,
    BadgeMeasure Measure,
    IReadOnlyList<long> Thresholds,
    IReadOnlyList<long> Points,
    string? EventType = null
)
{
    public const int Levels = 5;

    /// <summary>The achievement an <see cref="BadgeMeasure.Achievements"/> badge counts; null for the others.</summary>
    public string? Achievement { get; init; }
}
