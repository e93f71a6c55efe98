using Messaging.Operations.Endpoints;
using Messaging.Processing.Pipeline.Hosting;

namespace Messaging.Processing.Tenants;

public sealed class ClawbackFromTenantConsumerDefinition()
    : LedgerConsumerDefinition<ClawbackFromTenantConsumer>(LedgerEndpoints.ClawbackFromTenant);
