using System.ComponentModel.DataAnnotations;

namespace Messaging.Processing.Pipeline.Hosting;

public sealed class HeartbeatOptions
{
    public const string Section = "Health";

    /// <summary>
    /// How often this processor says it is alive (worker_heartbeats); the API calls it stopped after its Api:Health:WorkerStaleAfter.
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:00.100", "00:05:00", ErrorMessage = "Health:HeartbeatInterval must be between 100 ms and 5 minutes.")]
    public TimeSpan HeartbeatInterval { get; set; } = TimeSpan.FromSeconds(5);
}
