using System.ComponentModel.DataAnnotations;

namespace Messaging.Api.Health;

public sealed class WorkerHeartbeatOptions
{
    public const string Section = "Api:Health";

    /// <summary>How long without a processor's heartbeat before readiness calls the processors stopped (they beat every 5 s).</summary>
    [Range(
        typeof(TimeSpan),
        "00:00:01",
        "1.00:00:00",
        ErrorMessage = "Api:Health:WorkerStaleAfter must be between 00:00:01 and 1.00:00:00."
    )]
    public TimeSpan WorkerStaleAfter { get; set; } = TimeSpan.FromSeconds(30);
}
