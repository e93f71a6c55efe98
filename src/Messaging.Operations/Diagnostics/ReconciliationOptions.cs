using System.ComponentModel.DataAnnotations;

namespace Messaging.Operations.Diagnostics;

// The worker and the API each count.
public sealed class ReconciliationOptions
{
    public const string Section = "Reconciliation";

    // Each count scans accounts, entries and postings, so not every scrape.
    [Range(
        typeof(TimeSpan),
        "00:00:00.100",
        "1.00:00:00",
        ErrorMessage = "Reconciliation:Interval must be between 00:00:00.100 and 1.00:00:00."
    )]
    public TimeSpan Interval { get; set; } = TimeSpan.FromMinutes(1);
}
