using System.ComponentModel.DataAnnotations;

namespace Messaging.Ledger.Expiry;

/// <summary>Which earned points expire, when, and when their owners are told (issue 27).</summary>
public sealed class ExpiryOptions
{
    public const string Section = "Expiry";

    /// <summary>
    /// Orders' and attendance's points (with their bonuses); recognitions, refunds and reversals never expire by default.
    /// </summary>
    public static readonly IReadOnlyList<string> DefaultEntryTypes =
    [
        Journal.EntryTypes.OrderEarned,
        Journal.EntryTypes.SignupBonus,
        Journal.EntryTypes.FirstOrderBonus,
        Journal.EntryTypes.Attendance,
        Journal.EntryTypes.StreakBonus,
        Journal.EntryTypes.BadgeAward,
        Journal.EntryTypes.ActivityBonus,
    ];

    /// <summary>Off: no new credit expires (lots are still kept, and what was due before still expires).</summary>
    public bool Enabled { get; set; } = true;

    /// <summary>How long the points of <see cref="EntryTypes"/> last, counted from when their entry is recorded.</summary>
    [Range(1, 1200)]
    public int Months { get; set; } = 12;

    // Null until configured, so a configured list replaces the defaults instead of being appended to them (as binding a list does).
    /// <summary>The entry types whose points expire after <see cref="Months"/>; null: <see cref="DefaultEntryTypes"/>.</summary>
    public IList<string>? EntryTypes { get; set; }

    /// <summary>
    /// Months for one entry type, overriding <see cref="Months"/> (and adding it to the expiring ones); 0: never expires.
    /// </summary>
    public Dictionary<string, int> MonthsByEntryType { get; set; } = new(StringComparer.Ordinal);

    /// <summary>How many days before a lot expires its owner is told (PointsExpiring), once; 0: never.</summary>
    [Range(0, 365)]
    public int WarnDays { get; set; } = 30;

    /// <summary>How often the processor expires due lots and announces the ones about to expire.</summary>
    [Range(typeof(TimeSpan), "00:00:00.100", "1.00:00:00")]
    public TimeSpan SweepInterval { get; set; } = TimeSpan.FromMinutes(1);
}
