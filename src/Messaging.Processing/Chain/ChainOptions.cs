using System.ComponentModel.DataAnnotations;

namespace Messaging.Processing.Chain;

/// <summary>The hash chain's daily checkpoint (issue 28).</summary>
public sealed class ChainOptions
{
    public const string Section = "Chain";

    /// <summary>How often the processor looks whether today's (UTC) checkpoint was taken; the first look after midnight takes it.</summary>
    [Range(typeof(TimeSpan), "00:00:00.100", "1.00:00:00", ErrorMessage = "Chain:CheckpointInterval must be between 100 ms and 1 day.")]
    public TimeSpan CheckpointInterval { get; set; } = TimeSpan.FromMinutes(5);
}
