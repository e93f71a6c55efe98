using System.Globalization;
using Messaging.Ledger.Accounts;

namespace Messaging.Ledger.Writing;

// An upstream system's broker login is the one thing that lets it mint; a daily cap per issuer (Issuance:DailyCaps:<issuer>, none by
// default) bounds what a leaked login or a runaway producer can mint before an operator looks. The writer decides it under the issuance
// account's lock, in delivery order, counting the day's minting in limit_usage (key issuance:{issuer}:{yyyy-MM-dd}, UTC).
public sealed class IssuanceCaps
{
    /// <summary>The refusal code of a message that would take its issuer beyond the day's cap.</summary>
    public const string RefusalCode = "issuance_cap";

    private readonly IReadOnlyDictionary<string, long> _daily;
    private readonly TimeProvider _clock;

    public IssuanceCaps(IReadOnlyDictionary<string, long> daily, TimeProvider clock)
    {
        ArgumentNullException.ThrowIfNull(daily);
        if (daily.Keys.FirstOrDefault(issuer => !Issuers.All.Contains(issuer)) is { } unknown)
        {
            throw new ArgumentException($"'{unknown}' is not an issuer; known: {string.Join(", ", Issuers.All)}.", nameof(daily));
        }

        _daily = daily;
        _clock = clock;
    }

    /// <summary>For tools that rewrite history (restore, reversals, conflict resolution).</summary>
    public static IssuanceCaps None { get; } = new(new Dictionary<string, long>(), TimeProvider.System);

    public bool Any => _daily.Count > 0;

    /// <summary>Null when the issuer has none.</summary>
    public long? CapOf(string issuer) => _daily.TryGetValue(issuer, out var cap) ? cap : null;

    /// <summary>The usage row that counts what the issuer minted today (UTC).</summary>
    public string TodayKeyOf(string issuer) =>
        string.Create(CultureInfo.InvariantCulture, $"issuance:{issuer}:{_clock.GetUtcNow().UtcDateTime:yyyy-MM-dd}");

    /// <summary>A debit of a capped issuer's issuance account is a point minted.</summary>
    public IEnumerable<(string Issuer, long Points)> Minted(IEnumerable<Journal.PostingDraft> postings) =>
        postings
            .Where(p => p.Amount < 0 && p.Account.Kind == AccountKinds.PlatformIssuance)
            .Select(p => (Issuer: Issuers.OfAccount(p.Account.Code), Points: -p.Amount))
            .Where(m => m.Issuer is not null && _daily.ContainsKey(m.Issuer))
            .GroupBy(m => m.Issuer!, StringComparer.Ordinal)
            .Select(g => (g.Key, g.Sum(m => m.Points)));

    public string Refusal(string issuer, long cap, long used, long asked)
    {
        var day = _clock.GetUtcNow().UtcDateTime.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
        return string.Create(
                CultureInfo.InvariantCulture,
                $"The {issuer} issuer has minted {used} of its daily cap of {cap} points today ({day} UTC); "
                    + $"this message would mint {asked} more, so nothing was minted. "
            )
            + $"If the volume is genuine, raise Issuance:DailyCaps:{issuer} (or wait for the next UTC "
            + "day) and replay it from its error queue "
            + "(an allocation is re-issued by an administrator instead); if it is not, find out who "
            + $"publishes as the {issuer} issuer's broker user.";
    }
}
