using System.ComponentModel.DataAnnotations;

namespace Messaging.Processing.Pipeline.Transactions;

public sealed class CommitOptions
{
    public const string Section = "Commit";

    /// <summary>Most messages one transaction carries. Batches form by themselves under load; alone, a message commits at once.</summary>
    [Range(1, 5000, ErrorMessage = "Commit:MaxBatchSize must be between 1 and 5000.")]
    public int MaxBatchSize { get; set; } = 500;

    // One by default: every earning batch locks the issuance account until it commits, so a second writer mostly queues behind the first,
    // and one writer's larger batches cost less per message (docs/benchmarks.md).
    /// <summary>Transactions in flight at once in this process.</summary>
    [Range(1, 64, ErrorMessage = "Commit:Writers must be between 1 and 64.")]
    public int Writers { get; set; } = 1;

    /// <summary>
    /// How long a message waits for the earlier deliveries of its queue to reach the committer. Within it, messages are applied in the
    /// order the broker delivered them, which keeps one user's orders in order (docs/scaling.md); past it, the earlier delivery is taken
    /// for stuck (its fault retried for that long) and the queue goes on without it.
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:00", "00:10:00", ErrorMessage = "Commit:MaxWaitForEarlier must be between 0 and 10 minutes.")]
    public TimeSpan MaxWaitForEarlier { get; set; } = TimeSpan.FromSeconds(10);
}
