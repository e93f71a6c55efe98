namespace Messaging.Ledger.Writing;

/// <summary>Use of <paramref name="Amount"/> from the usage limit named <paramref name="LimitKey"/> (a giver's monthly allowance,
/// say).</summary>
public sealed record LimitDraw(string LimitKey, long Amount);
