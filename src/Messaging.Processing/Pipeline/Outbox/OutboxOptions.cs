using System.ComponentModel.DataAnnotations;

namespace Messaging.Processing.Pipeline.Outbox;

public sealed class OutboxOptions
{
    public const string Section = "Outbox";

    /// <summary>
    /// How long the writer that committed a row owns its delivery. A row still there after the lease (its writer crashed or the broker was
    /// away) is delivered by any instance's sweeper.
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:01", "01:00:00", ErrorMessage = "Outbox:Lease must be between 1 second and 1 hour.")]
    public TimeSpan Lease { get; set; } = TimeSpan.FromSeconds(30);

    [Range(typeof(TimeSpan), "00:00:00.100", "00:10:00", ErrorMessage = "Outbox:SweepInterval must be between 100 ms and 10 minutes.")]
    public TimeSpan SweepInterval { get; set; } = TimeSpan.FromSeconds(2);

    [Range(1, 10_000, ErrorMessage = "Outbox:BatchSize must be between 1 and 10000.")]
    public int BatchSize { get; set; } = 500;
}
