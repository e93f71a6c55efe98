using Npgsql;

namespace Messaging.Benchmarks.Infrastructure;

/// <summary>Creates and drops the <c>ledger_bench_*</c> databases through the ledger role (it has CREATEDB).</summary>
internal sealed class PgAdmin(BenchOptions options)
{
    public async Task RecreateDatabaseAsync(string database)
    {
        await DropDatabaseAsync(database);
        await ExecuteAsync($"CREATE DATABASE \"{database}\"");
    }

    public Task DropDatabaseAsync(string database) => ExecuteAsync($"DROP DATABASE IF EXISTS \"{database}\" WITH (FORCE)");

    public async Task<string> VersionAsync()
    {
        await using var connection = new NpgsqlConnection(options.PgConnectionString(options.PgAdminDatabase));
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(
            "SELECT current_setting('server_version') || ' (shared_buffers=' || current_setting('shared_buffers') || ', synchronous_commit=' || current_setting('synchronous_commit') || ', fsync=' || current_setting('fsync') || ')'",
            connection);
        return "PostgreSQL " + (string)(await command.ExecuteScalarAsync())!;
    }

    private async Task ExecuteAsync(string sql)
    {
        if (!sql.Contains("\"ledger_bench_", StringComparison.Ordinal))
        {
            throw new InvalidOperationException("the benchmark only creates and drops ledger_bench_* databases");
        }

        await using var connection = new NpgsqlConnection(options.PgConnectionString(options.PgAdminDatabase));
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync();
    }
}
