namespace Messaging.Ledger.Earning;

/// <summary>Settings under <c>Earning</c>: how orders turn into points.</summary>
public sealed class EarningOptions
{
    public const string Section = "Earning";

    /// <summary>
    /// Points per whole unit of each accepted currency (ISO 4217 code → rate). An order in any other
    /// currency is refused. Points are the order amount times the rate, rounded down to a whole point.
    /// </summary>
    public Dictionary<string, decimal> PointsPerUnit { get; set; } = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>Credited once per user with the first credit the user ever receives (<c>signup</c>).</summary>
    public long SignupBonus { get; set; } = 100;

    /// <summary>Credited once per user with the user's first order (<c>first_order</c>).</summary>
    public long FirstOrderBonus { get; set; } = 50;

    /// <summary>An order that would earn more points than this is refused (seed 001's 10,000 limit).</summary>
    public long MaxPointsPerTransaction { get; set; } = 10_000;
}
