namespace Messaging.Ledger.Earning;

public sealed class EarningOptions
{
    public const string Section = "Earning";

    /// <summary>
    /// ISO 4217 code → points per whole unit. An order in any other currency is refused. Points are the amount times the rate, rounded
    /// down to a whole point.
    /// </summary>
    public Dictionary<string, decimal> PointsPerUnit { get; set; } = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>Credited once per user, with the first credit the user ever receives.</summary>
    public long SignupBonus { get; set; } = 100;

    /// <summary>Credited once per user, with the user's first order.</summary>
    public long FirstOrderBonus { get; set; } = 50;

    /// <summary>An order that would earn more is refused (seed 001's 10,000 limit).</summary>
    public long MaxPointsPerTransaction { get; set; } = 10_000;

    /// <summary>
    /// Entry type → per-user caps by UTC day and month of the order (Open Loyalty's limits), none by default. Only orders' points
    /// (<c>earned</c>) can be capped: an order above its cap earns up to it.
    /// </summary>
    public Dictionary<string, EarningCapOptions> Caps { get; set; } = new(StringComparer.Ordinal);
}
