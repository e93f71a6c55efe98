using Messaging.Ledger.Operations;
using Npgsql;

namespace Messaging.Api.Incidents;

public sealed class EndpointPausesReader(NpgsqlDataSource reader)
{
    public EndpointPauses Pauses { get; } = new(reader);
}
