using Messaging.Ledger;
using Npgsql;

namespace Messaging.Api.Commands;

/// <summary>
/// The operator's login (<c>ConnectionStrings:LedgerOperator</c>), for the only writes the API makes: queued commands and
/// the operator log. Null when unset: the API then reads only, and says so to whoever sends a command.
/// </summary>
public sealed class OperatorDatabase(IConfiguration configuration) : IAsyncDisposable
{
    public NpgsqlDataSource? DataSource { get; } =
        configuration.GetConnectionString("LedgerOperator") is { Length: > 0 } connection ? LedgerServiceCollectionExtensions.CreateDataSource(connection) : null;

    public ValueTask DisposeAsync() => DataSource?.DisposeAsync() ?? ValueTask.CompletedTask;
}
