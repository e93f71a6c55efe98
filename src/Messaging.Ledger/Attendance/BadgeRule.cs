namespace Messaging.Ledger.Attendance;

/// <summary>
/// Level n is reached when <see cref="Measure"/> reaches <see cref="Thresholds"/>[n-1], and pays <see cref="Points"/>[n-1].
/// </summary>
public sealed record BadgeRule(string Code, string Name, BadgeMeasure Measure, IReadOnlyList<long> Thresholds, IReadOnlyList<long> Points)
{
    public const int Levels = 5;
}
