namespace Messaging.Ledger.Attendance;

/// <summary>A badge with five levels: level n is reached when <see cref="Measure"/> reaches <see cref="Thresholds"/>[n-1], and pays <see
/// cref="Points"/>[n-1].</summary> <param name="Code">Its code in keys and messages (<c>event-explorer</c>).</param> <param name="Name">Its
/// display name (Event Explorer).</param> <param name="Measure">What it counts.</param> <param name="Thresholds">Five increasing
/// thresholds.</param> <param name="Points">Five payments, 0 or more.</param>
public sealed record BadgeRule(string Code, string Name, BadgeMeasure Measure, IReadOnlyList<long> Thresholds, IReadOnlyList<long> Points)
{
    public const int Levels = 5;
}
