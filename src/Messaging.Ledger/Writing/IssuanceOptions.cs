namespace Messaging.Ledger.Writing;

// Issuance:DailyCaps:<issuer> caps the points an issuer (orders, events, admins) may mint per UTC day; an issuer without one is not capped
// (the default).
public sealed class IssuanceOptions
{
    public const string Section = "Issuance";

    public Dictionary<string, long> DailyCaps { get; init; } = new(StringComparer.Ordinal);
}
