using System.ComponentModel.DataAnnotations;

namespace Messaging.Api.DeadLetters;

// Api:DeadLetters. The user is ledger_dlq in eng/rabbitmq/users.tsv: it may read only the *_error and *_skipped queues and publish
// only through the default exchange.
public sealed class DeadLetterOptions
{
    public const string Section = "Api:DeadLetters";

    [Required]
    public string Host { get; set; } = "127.0.0.1";

    [Range(1, 65535)]
    public int Port { get; set; } = 5672;

    [Range(1, 65535)]
    public int ManagementPort { get; set; } = 15672;

    [Required]
    public string VirtualHost { get; set; } = "ledger";

    [Required]
    public string Username { get; set; } = "ledger_dlq";

    public string Password { get; set; } = "";

    /// <summary>One JSON line per purged message; relative to the API's settings directory unless absolute.</summary>
    [Required]
    public string ArchiveDirectory { get; set; } = "dead-letter-archive";

    /// <summary>
    /// How long a message may stay parked (by when it first failed) before the retention archives, removes and records it. Zero (the
    /// default) keeps them until an operator acts.
    /// </summary>
    [Range(
        typeof(TimeSpan),
        "00:00:00",
        "3650.00:00:00",
        ErrorMessage = "Api:DeadLetters:Retention must be between 0 (keep until an operator acts) and 3650 days."
    )]
    public TimeSpan Retention { get; set; } = TimeSpan.Zero;

    [Range(typeof(TimeSpan), "00:00:01", "1.00:00:00", ErrorMessage = "Api:DeadLetters:RetentionCheck must be between 1 second and 1 day.")]
    public TimeSpan RetentionCheck { get; set; } = TimeSpan.FromHours(1);
}
