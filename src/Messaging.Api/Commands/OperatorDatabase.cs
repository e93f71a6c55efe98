using Messaging.Ledger;
using Npgsql;

namespace Messaging.Api.Commands;

// The API's own login (ConnectionStrings:LedgerApi, a member of ledger_operator and ledger_api), for the only writes the API makes:
// queued commands (which only ledger_api may write) and the operator log. Without it the API only reads, and says so to whoever sends
// a command.
public sealed class OperatorDatabase(IConfiguration configuration) : IAsyncDisposable
{
    public NpgsqlDataSource? DataSource { get; } =
        configuration.GetConnectionString("LedgerApi") is { Length: > 0 } connection
            ? LedgerServiceCollectionExtensions.CreateDataSource(connection)
            : null;

    /// <summary>503 naming <paramref name="what"/> (such as "Commands") and the setting that fixes it.</summary>
    public static IResult NotConfigured(string what) =>
        Results.Problem(
            title: $"{what} are not accepted here",
            detail: "ConnectionStrings:LedgerApi is not set, so this API reads only and cannot record a change in the operator log; "
                + "set it to the API's own login (`bash eng/servers.sh env` prints it).",
            statusCode: StatusCodes.Status503ServiceUnavailable
        );

    public ValueTask DisposeAsync() => DataSource?.DisposeAsync() ?? ValueTask.CompletedTask;
}
