using System.ComponentModel.DataAnnotations;

namespace Messaging.Processing.Pipeline.Inbox;

public sealed class InboxOptions
{
    public const string Section = "Inbox";

    /// <summary>
    /// How long a consumed message id is remembered. After it the business idempotency key still protects the ledger; the window only has
    /// to outlast broker redeliveries and operator replays.
    /// </summary>
    [Range(
        typeof(TimeSpan),
        "00:01:00",
        "365.00:00:00",
        ErrorMessage = "Inbox:Retention must be between 1 minute and 365 days (for example 7.00:00:00)."
    )]
    public TimeSpan Retention { get; set; } = TimeSpan.FromDays(7);

    [Range(typeof(TimeSpan), "00:00:01", "1.00:00:00", ErrorMessage = "Inbox:CleanupInterval must be between 1 second and 1 day.")]
    public TimeSpan CleanupInterval { get; set; } = TimeSpan.FromHours(1);
}
