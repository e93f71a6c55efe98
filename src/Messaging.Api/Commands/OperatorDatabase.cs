using Messaging.Ledger;
using Npgsql;

namespace Messaging.Api.Commands;

/// <summary>
/// The API's own login (<c>ConnectionStrings:LedgerApi</c>, a member of ledger_operator and ledger_api), for the only writes
/// the API makes: queued commands (which only ledger_api may write) and the operator log. Null when unset: the API then
/// reads only, and says so to whoever sends a command.
/// </summary>
public sealed class OperatorDatabase(IConfiguration configuration) : IAsyncDisposable
{
    public NpgsqlDataSource? DataSource { get; } =
        configuration.GetConnectionString("LedgerApi") is { Length: > 0 } connection
            ? LedgerServiceCollectionExtensions.CreateDataSource(connection)
            : null;

    /// <summary>
    /// The answer to a change asked of an API without the operator's login (503): <paramref name="what"/> (such as
    /// "Commands") cannot be accepted, and which setting fixes it.
    /// </summary>
    public static IResult NotConfigured(string what) =>
        Results.Problem(
            title: $"{what} are not accepted here",
            detail: "ConnectionStrings:LedgerApi is not set, so this API reads only and cannot record a change in the operator log; "
                + "set it to the API's own login (`bash eng/servers.sh env` prints it).",
            statusCode: StatusCodes.Status503ServiceUnavailable
        );

    public ValueTask DisposeAsync() => DataSource?.DisposeAsync() ?? ValueTask.CompletedTask;
}
