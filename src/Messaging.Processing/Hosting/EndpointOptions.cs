using System.ComponentModel.DataAnnotations;

namespace Messaging.Processing.Hosting;

/// <summary>Settings under <c>Endpoints</c>: how each consumer's queue is read.</summary>
public sealed class EndpointOptions
{
    public const string Section = "Endpoints";

    /// <summary>Unacknowledged messages the broker sends ahead; these are what group commits are made of.</summary>
    [Range(1, 10_000, ErrorMessage = "Endpoints:PrefetchCount must be between 1 and 10000.")]
    public int PrefetchCount { get; set; } = 1000;

    /// <summary>Messages consumed at once per endpoint.</summary>
    [Range(1, 10_000, ErrorMessage = "Endpoints:ConcurrentMessageLimit must be between 1 and 10000.")]
    public int ConcurrentMessageLimit { get; set; } = 1000;

    /// <summary>Longest wait between retries of a transient fault (the retries themselves never stop while it lasts).</summary>
    [Range(typeof(TimeSpan), "00:00:00.100", "00:10:00", ErrorMessage = "Endpoints:MaxRetryInterval must be between 100 ms and 10 minutes.")]
    public TimeSpan MaxRetryInterval { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>Retries for faults that are neither transient nor a rejection (a bug, say) before the message is dead-lettered.</summary>
    [Range(0, 20, ErrorMessage = "Endpoints:UnexpectedFaultRetries must be between 0 and 20.")]
    public int UnexpectedFaultRetries { get; set; } = 3;
}
