namespace Messaging.Ledger.Expiry;

// The one rule for how long a credit's points last, by entry type; the writer asks it for every entry it records.
public sealed class ExpiryPolicy
{
    private readonly Dictionary<string, int> monthsByType;

    public ExpiryPolicy(ExpiryOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        monthsByType = options.Enabled
            ? (options.EntryTypes?.AsEnumerable() ?? ExpiryOptions.DefaultEntryTypes)
                .Select(type => (type, options.Months))
                .Concat(options.MonthsByEntryType.Select(kv => (type: kv.Key, kv.Value)))
                .GroupBy(t => t.type, StringComparer.Ordinal)
                .Where(g => g.Last().Item2 > 0)
                .ToDictionary(g => g.Key, g => g.Last().Item2, StringComparer.Ordinal)
            : new Dictionary<string, int>(StringComparer.Ordinal);
    }

    /// <summary>Nothing expires (tools that write history back, tests).</summary>
    public static ExpiryPolicy None { get; } = new(new ExpiryOptions { Enabled = false });

    /// <summary>Null: the points of this entry type never expire.</summary>
    public int? MonthsOf(string entryType) => monthsByType.TryGetValue(entryType, out var months) ? months : null;
}
