using Messaging.Operations.Endpoints;
using Messaging.Processing.Pipeline.Hosting;

namespace Messaging.Processing.Tenants;

/// <summary>The endpoint of <see cref="AllocateToTenantConsumer"/>.</summary>
public sealed class AllocateToTenantConsumerDefinition()
    : LedgerConsumerDefinition<AllocateToTenantConsumer>(LedgerEndpoints.AllocateToTenant);
