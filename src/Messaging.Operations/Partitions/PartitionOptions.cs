using System.ComponentModel.DataAnnotations;

namespace Messaging.Operations.Partitions;

/// <summary>
/// Which partition of a partitioned ledger this processor serves (docs/scaling.md). Unset: the ledger is not partitioned, and the
/// processor consumes the shared queues as always.
/// </summary>
public sealed class PartitionOptions
{
    public const string Section = "Partitioning";

    /// <summary>
    /// The partition's number, fixed for the partition's lifetime: its queues are named by it, and its database holds that partition's
    /// users alone.
    /// </summary>
    [Range(0, LedgerPartitions.MaxPartitions - 1, ErrorMessage = "Partitioning:Partition must be between 0 and 999.")]
    public int? Partition { get; set; }
}
