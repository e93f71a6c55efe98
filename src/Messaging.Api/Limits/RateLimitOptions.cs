using System.ComponentModel.DataAnnotations;

namespace Messaging.Api.Limits;

public sealed class RateLimitOptions
{
    public const string Section = "Api:RateLimits";

    /// <summary>Per caller, across every endpoint.</summary>
    [Range(1, 1_000_000, ErrorMessage = "Api:RateLimits:RequestsPerMinute must be between 1 and 1000000.")]
    public int RequestsPerMinute { get; set; } = 600;

    /// <summary>Allocations and clawbacks per admin (seed 002 suggests 100).</summary>
    [Range(1, 100_000, ErrorMessage = "Api:RateLimits:AllocationsPerHour must be between 1 and 100000.")]
    public int AllocationsPerHour { get; set; } = 100;
}
