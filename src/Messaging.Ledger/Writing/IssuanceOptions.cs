namespace Messaging.Ledger.Writing;

/// <summary>
/// Settings under <c>Issuance</c>: <c>Issuance:DailyCaps:&lt;issuer&gt;</c> caps the points an issuer (orders, events,
/// admins) may mint per UTC day; an issuer without one is not capped (the default).
/// </summary>
public sealed class IssuanceOptions
{
    public const string Section = "Issuance";

    public Dictionary<string, long> DailyCaps { get; init; } = new(StringComparer.Ordinal);
}
