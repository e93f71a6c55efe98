using System.ComponentModel.DataAnnotations;

namespace Messaging.Ledger.Adjustments;

/// <summary>When an operator's adjustment of a wallet needs a second admin (issue 27).</summary>
public sealed class AdjustmentOptions
{
    public const string Section = "Adjustments";

    /// <summary>An adjustment of more points than this, either way, waits for a second admin's approval.</summary>
    [Range(0, long.MaxValue)]
    public long ApprovalThreshold { get; set; } = 1000;
}
