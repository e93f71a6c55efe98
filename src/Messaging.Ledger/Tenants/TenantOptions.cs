using System.ComponentModel.DataAnnotations;

namespace Messaging.Ledger.Tenants;

public sealed class TenantOptions
{
    public const string Section = "Tenants";

    // The processor trusts the AMQP user_id property because RabbitMQ refuses a publish whose user_id is not the publishing connection's
    // user.
    /// <summary>
    /// The RabbitMQ users whose allocation commands are applied (environment: Tenants__Administrators__0, ...). Empty: nobody can mint.
    /// </summary>
    public IList<string> Administrators { get; } = [];

    /// <summary>One allocation minting more than this is refused as unusual (seed 002 alerts on unusual amounts).</summary>
    [Range(1, long.MaxValue, ErrorMessage = "Tenants:MaxAllocationPoints must be at least 1.")]
    public long MaxAllocationPoints { get; set; } = 1_000_000;
}
