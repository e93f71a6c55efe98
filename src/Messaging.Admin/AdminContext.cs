using System.CommandLine;
using System.Text.Json;
using Messaging.Ledger;
using Npgsql;

namespace Messaging.Admin;

/// <summary>
/// What every command shares: the global options, where output goes, and the ledger's data source.
/// Commands live one per file and add themselves through <see cref="AdminApp"/>.
/// </summary>
internal sealed class AdminContext(TextWriter output, TextWriter error)
{
    private const string DefaultConnection = "Host=127.0.0.1;Port=5432;Database=ledger;Username=ledger;Password=ledger";

    public static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { WriteIndented = true };

    public TextWriter Output { get; } = output;

    public TextWriter Error { get; } = error;

    public Option<bool> JsonOption { get; } = new("--json")
    {
        Description = "Print machine-readable JSON instead of text.",
        Recursive = true,
    };

    public Option<string?> ConnectionOption { get; } = new("--connection")
    {
        Description = "PostgreSQL connection string (default: ConnectionStrings__Ledger, else the local ledger database).",
        Recursive = true,
    };

    public NpgsqlDataSource DataSource(ParseResult result) =>
        LedgerServiceCollectionExtensions.CreateDataSource(
            result.GetValue(ConnectionOption)
            ?? Environment.GetEnvironmentVariable("ConnectionStrings__Ledger")
            ?? DefaultConnection);

    public bool WantsJson(ParseResult result) => result.GetValue(JsonOption);

    public async Task WriteJsonAsync<T>(T value) =>
        await Output.WriteLineAsync(JsonSerializer.Serialize(value, Json));
}
