namespace Messaging.Ledger.Attendance;

/// <summary>One badge under <c>Attendance:Badges:{code}</c>: five thresholds of what it counts and five payments, as comma-separated
/// lists.</summary>
public sealed class BadgeOptions
{
    public string Name { get; set; } = "";

    public BadgeMeasure Measure { get; set; }

    /// <summary>Five increasing thresholds, for example <c>3,10,25,50,100</c>.</summary>
    public string Thresholds { get; set; } = "";

    /// <summary>Five payments of 0 or more points, one per level.</summary>
    public string Points { get; set; } = "20,40,80,160,320";
}
