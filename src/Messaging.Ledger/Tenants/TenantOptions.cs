using System.ComponentModel.DataAnnotations;

namespace Messaging.Ledger.Tenants;

/// <summary>Settings under <c>Tenants</c>: who may mint points into tenants' pools, and how many at once.</summary>
public sealed class TenantOptions
{
    public const string Section = "Tenants";

    /// <summary>
    /// The RabbitMQ users whose allocation commands are applied (environment: <c>Tenants__Administrators__0</c>, ...). The
    /// processor trusts the AMQP <c>user_id</c> property because RabbitMQ refuses a publish whose <c>user_id</c> is not
    /// the publishing connection's user. Empty: nobody can mint.
    /// </summary>
    public IList<string> Administrators { get; } = [];

    /// <summary>One allocation minting more than this is refused as unusual (seed 002 alerts on unusual amounts).</summary>
    [Range(1, long.MaxValue, ErrorMessage = "Tenants:MaxAllocationPoints must be at least 1.")]
    public long MaxAllocationPoints { get; set; } = 1_000_000;
}
