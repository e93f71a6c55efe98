using System.Globalization;
using System.Text.Json.Nodes;
using Messaging.Ledger.Journal;
using Messaging.Ledger.Writing;

namespace Messaging.Ledger.Earning;

// Earning:Caps:<type>:Daily and :Monthly, per user. Decided by the writer as a guard, under the locks of the user's usage rows and in
// delivery order, so orders racing each other never earn past a cap. The periods are the UTC day and month of the order's occurredAt,
// not of its processing: a late or replayed order counts toward the day it was placed, and asked again it is decided the same way.
public sealed class EarningCaps
{
    /// <summary>The refusal code of an order that found no room left under a cap: it earned nothing.</summary>
    public const string RefusalCode = "earning_cap";

    /// <summary>In the metadata of a capped entry: the usage rows it drew on, which a reversal gives back.</summary>
    public const string KeysField = "EarningCapKeys";

    /// <summary>In the metadata of an entry the cap cut: the points it did not credit.</summary>
    public const string CutField = "PointsCut";

    private readonly IReadOnlyDictionary<string, EarningCapOptions> _caps;

    public EarningCaps(IReadOnlyDictionary<string, EarningCapOptions> caps)
    {
        ArgumentNullException.ThrowIfNull(caps);
        _caps = caps;
    }

    /// <summary>
    /// Only an order's own points: a bonus or an attendance is never cut (an attendance must still count toward streaks and badges).
    /// </summary>
    public static IReadOnlySet<string> CappableTypes { get; } = new HashSet<string>([EntryTypes.OrderEarned], StringComparer.Ordinal);

    /// <summary>Null when the entry's type has no cap.</summary>
    public LedgerGuard? GuardFor(EntryDraft entry, string userId)
    {
        ArgumentNullException.ThrowIfNull(entry);
        if (!_caps.TryGetValue(entry.EntryType, out var cap) || (cap.Daily is null && cap.Monthly is null))
        {
            return null;
        }

        var limits = LimitsOf(entry.EntryType, cap, userId, entry.OccurredAt.UtcDateTime);
        var keys = limits.Select(l => l.Key).ToList();
        var asked = entry.Postings.Where(p => p.Amount > 0).Sum(p => p.Amount);
        return new LedgerGuard(
            keys,
            view =>
            {
                var tightest = limits.MinBy(l => l.Cap - view.Used(l.Key))!;
                var room = Math.Max(0, tightest.Cap - view.Used(tightest.Key));
                if (room == 0)
                {
                    return GuardDecision.Refuse(
                        RefusalCode,
                        string.Create(
                            CultureInfo.InvariantCulture,
                            $"{userId} has already earned {view.Used(tightest.Key)} points of {entry.EntryType} in {tightest.Period} (UTC)"
                        )
                            + string.Create(
                                CultureInfo.InvariantCulture,
                                $", their cap of {tightest.Cap} ({tightest.Setting}): the {asked} points of '{entry.IdempotencyKey}'"
                            )
                            + " were all cut and nothing was credited. This is the cap at work, not an error; raise the setting "
                            + "for later orders (this one stays as decided)."
                    );
                }

                var credited = Math.Min(room, asked);
                return GuardDecision.Apply(
                    Capped(entry, keys, credited, asked - credited, tightest),
                    keys.Select(k => new LimitDraw(k, credited)).ToList()
                );
            },
            RefusalIsFinal: true
        );
    }

    /// <summary>The usage rows a capped entry drew on, read back from its metadata (none when it was not capped).</summary>
    public static IReadOnlyList<string> KeysIn(string metadataJson) =>
        JsonNode.Parse(metadataJson)?[KeysField] is JsonArray keys ? [.. keys.Select(k => k!.GetValue<string>())] : [];

    private static List<Limit> LimitsOf(string entryType, EarningCapOptions cap, string userId, DateTime occurredAt)
    {
        var limits = new List<Limit>();
        if (cap.Daily is { } daily)
        {
            var day = occurredAt.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
            limits.Add(new Limit($"earning:{userId}:{entryType}:day:{day}", daily, day, $"Earning:Caps:{entryType}:Daily"));
        }

        if (cap.Monthly is { } monthly)
        {
            var month = occurredAt.ToString("yyyy-MM", CultureInfo.InvariantCulture);
            limits.Add(new Limit($"earning:{userId}:{entryType}:month:{month}", monthly, month, $"Earning:Caps:{entryType}:Monthly"));
        }

        return limits;
    }

    private static EntryDraft Capped(EntryDraft entry, List<string> keys, long credited, long cut, Limit tightest)
    {
        var metadata = JsonNode.Parse(entry.MetadataJson)!.AsObject();
        metadata[KeysField] = new JsonArray([.. keys.Select(k => JsonValue.Create(k))]);
        if (cut == 0)
        {
            return entry with { MetadataJson = metadata.ToJsonString() };
        }

        metadata[CutField] = cut;
        metadata["CutBy"] = tightest.Setting;
        var from = entry.Postings.Single(p => p.Amount < 0).Account;
        var to = entry.Postings.Single(p => p.Amount > 0).Account;
        return EntryDraft.Transfer(
            entry.IdempotencyKey,
            entry.EntryType,
            string.Create(CultureInfo.InvariantCulture, $"{entry.Description} ({cut} points cut by {tightest.Setting})"),
            entry.PayloadHash,
            entry.OccurredAt,
            from,
            to,
            credited,
            metadata.ToJsonString()
        ) with
        {
            PointsExpireAt = entry.PointsExpireAt,
            RecordedAt = entry.RecordedAt,
        };
    }

    private sealed record Limit(string Key, long Cap, string Period, string Setting);
}
