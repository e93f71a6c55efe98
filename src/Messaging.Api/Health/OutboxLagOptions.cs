using System.ComponentModel.DataAnnotations;

namespace Messaging.Api.Health;

public sealed class OutboxLagOptions
{
    public const string Section = "Api:Health";

    [Range(typeof(TimeSpan), "00:00:01", "1.00:00:00", ErrorMessage = "Api:Health:MaxOutboxLag must be between 00:00:01 and 1.00:00:00.")]
    public TimeSpan MaxOutboxLag { get; set; } = TimeSpan.FromMinutes(1);
}
