using System.ComponentModel.DataAnnotations;

namespace Messaging.Operations.Diagnostics;

/// <summary>Settings under <c>Reconciliation</c>: how often the reconciliation gauge is counted again (the worker and the API each
/// count).</summary>
public sealed class ReconciliationOptions
{
    public const string Section = "Reconciliation";

    /// <summary>Between counts; each scans accounts, entries and postings, so not every scrape.</summary>
    [Range(
        typeof(TimeSpan),
        "00:00:00.100",
        "1.00:00:00",
        ErrorMessage = "Reconciliation:Interval must be between 00:00:00.100 and 1.00:00:00."
    )]
    public TimeSpan Interval { get; set; } = TimeSpan.FromMinutes(1);
}
