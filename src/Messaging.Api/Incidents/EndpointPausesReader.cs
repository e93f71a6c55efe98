using Messaging.Ledger.Operations;
using Npgsql;

namespace Messaging.Api.Incidents;

/// <summary>The pauses, read as the API's read-only role (for the list and the health check).</summary>
public sealed class EndpointPausesReader(NpgsqlDataSource reader)
{
    public EndpointPauses Pauses { get; } = new(reader);
}
