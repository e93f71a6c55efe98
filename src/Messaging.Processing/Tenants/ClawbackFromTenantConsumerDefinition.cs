using Messaging.Operations.Endpoints;
using Messaging.Processing.Pipeline.Hosting;

namespace Messaging.Processing.Tenants;

/// <summary>The endpoint of <see cref="ClawbackFromTenantConsumer"/>.</summary>
public sealed class ClawbackFromTenantConsumerDefinition()
    : LedgerConsumerDefinition<ClawbackFromTenantConsumer>(LedgerEndpoints.ClawbackFromTenant);
