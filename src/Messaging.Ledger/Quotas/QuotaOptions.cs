using System.ComponentModel.DataAnnotations;

namespace Messaging.Ledger.Quotas;

public sealed class QuotaOptions : IValidatableObject
{
    public const string Section = "Quotas";

    /// <summary>Monthly token limit by plan name (environment: Quotas__Plans__pro=1000).</summary>
    public Dictionary<string, long> Plans { get; } = new(StringComparer.Ordinal) { ["free"] = 50, ["pro"] = 1000 };

    /// <summary>The plan of a user nobody moved to another.</summary>
    public string DefaultPlan { get; set; } = "free";

    /// <summary>The IANA time zone whose calendar months the quotas follow.</summary>
    public string TimeZone { get; set; } = "UTC";

    /// <summary>Shares of the limit whose crossing is announced once per user and month (seed 004 alerts at 90 %).</summary>
    public IList<int> ThresholdPercents { get; } = [90];

    /// <summary>How often idle users are rolled over into the new month, so reports and the stale-reset check read zero.</summary>
    [Range(
        typeof(TimeSpan),
        "00:00:00.100",
        "1.00:00:00",
        ErrorMessage = "Quotas:SweepInterval must be between 00:00:00.100 and 1.00:00:00."
    )]
    public TimeSpan SweepInterval { get; set; } = TimeSpan.FromMinutes(10);

    public TimeZoneInfo Zone => TimeZoneInfo.FindSystemTimeZoneById(TimeZone);

    /// <exception cref="KeyNotFoundException">No such plan in the settings.</exception>
    public long LimitOf(string plan) =>
        Plans.TryGetValue(plan, out var limit)
            ? limit
            : throw new KeyNotFoundException(
                $"Plan '{plan}' is not in Quotas:Plans (which has {string.Join(", ", Plans.Keys)}); add it "
                    + "there or move the user to one of those."
            );

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (!TimeZoneInfo.TryFindSystemTimeZoneById(TimeZone, out _))
        {
            yield return new ValidationResult(
                $"Quotas:TimeZone '{TimeZone}' is not a time zone this machine knows; use an IANA name such as UTC or Europe/Paris.",
                [nameof(TimeZone)]
            );
        }

        if (!Plans.ContainsKey(DefaultPlan))
        {
            yield return new ValidationResult(
                $"Quotas:DefaultPlan '{DefaultPlan}' is not in Quotas:Plans ({string.Join(", ", Plans.Keys)}).",
                [nameof(DefaultPlan)]
            );
        }

        foreach (var (plan, limit) in Plans.Where(p => p.Value < 0))
        {
            yield return new ValidationResult($"Quotas:Plans:{plan} is {limit}; a monthly limit is 0 or more tokens.", [nameof(Plans)]);
        }

        foreach (var percent in ThresholdPercents.Where(p => p is < 1 or > 100))
        {
            yield return new ValidationResult(
                $"Quotas:ThresholdPercents has {percent}; thresholds are 1 to 100 (percent of the limit).",
                [nameof(ThresholdPercents)]
            );
        }
    }
}
