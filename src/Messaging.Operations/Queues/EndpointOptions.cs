using System.ComponentModel.DataAnnotations;

namespace Messaging.Operations.Queues;

public sealed class EndpointOptions
{
    public const string Section = "Endpoints";

    /// <summary>Unacknowledged messages the broker sends ahead; these are what group commits are made of.</summary>
    [Range(1, 10_000, ErrorMessage = "Endpoints:PrefetchCount must be between 1 and 10000.")]
    public int PrefetchCount { get; set; } = 1000;

    /// <summary>Per endpoint.</summary>
    [Range(1, 10_000, ErrorMessage = "Endpoints:ConcurrentMessageLimit must be between 1 and 10000.")]
    public int ConcurrentMessageLimit { get; set; } = 1000;

    /// <summary>Longest wait between retries of a transient fault; the retries themselves never stop while it lasts.</summary>
    [Range(
        typeof(TimeSpan),
        "00:00:00.100",
        "00:10:00",
        ErrorMessage = "Endpoints:MaxRetryInterval must be between 100 ms and 10 minutes."
    )]
    public TimeSpan MaxRetryInterval { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>For faults neither transient nor a rejection (a bug, say), before the message is dead-lettered.</summary>
    [Range(0, 20, ErrorMessage = "Endpoints:UnexpectedFaultRetries must be between 0 and 20.")]
    public int UnexpectedFaultRetries { get; set; } = 3;

    // 20 is RabbitMQ 4's own default, now explicit and dead-lettered: high enough that a crash loop after a bad deploy parks nothing before
    // a fix ships in a few restarts, low enough that a message which kills the process every time stops blocking the queue after 20.
    /// <summary>
    /// Deliveries without an acknowledgement (the processor killed while the message was in flight) after which the broker parks a
    /// message in its _error queue; faults the processor survives never count. Fixed when a queue is declared: changing it later needs
    /// queues migrate.
    /// </summary>
    [Range(1, 1000, ErrorMessage = "Endpoints:DeliveryLimit must be between 1 and 1000.")]
    public int DeliveryLimit { get; set; } = 20;

    // Long enough for a broker restart or a cluster fail-over (seconds) and for MassTransit's longest wait between reconnection attempts
    // (30 s), which an idle endpoint may be in after a few outages.
    /// <summary>
    /// How long the receive endpoints may go without all being connected before the process exits with code 75 for its service manager to
    /// start a fresh one; 0 never exits.
    /// </summary>
    [Range(
        typeof(TimeSpan),
        "00:00:00",
        "01:00:00",
        ErrorMessage = "Endpoints:ReconnectDeadline must be between 0 (never exit) and 1 hour."
    )]
    public TimeSpan ReconnectDeadline { get; set; } = TimeSpan.FromSeconds(90);
}
