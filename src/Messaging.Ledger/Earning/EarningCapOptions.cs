namespace Messaging.Ledger.Earning;

/// <summary>The most one user may earn of one entry type in a UTC day and in a UTC month; null: no cap for that period.</summary>
public sealed class EarningCapOptions
{
    public long? Daily { get; set; }

    public long? Monthly { get; set; }
}
