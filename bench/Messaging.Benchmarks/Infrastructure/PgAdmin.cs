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

    /// <summary>
    /// Drops the database, terminating its connections. An autovacuum worker still busy on it (after a
    /// large run) cannot be terminated by a non-superuser; it ends by itself, so a few retries suffice.
    /// </summary>
    public async Task DropDatabaseAsync(string database)
    {
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                await ExecuteAsync($"DROP DATABASE IF EXISTS \"{database}\" WITH (FORCE)");
                return;
            }
            catch (PostgresException ex)
                when (attempt < 10 && ex.SqlState is PostgresErrorCodes.InsufficientPrivilege or PostgresErrorCodes.ObjectInUse)
            {
                await Task.Delay(3000);
            }
        }
    }

    public async Task<string> VersionAsync()
    {
        await using var connection = new NpgsqlConnection(options.PgConnectionString(options.PgAdminDatabase));
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(
            "SELECT current_setting('server_version') || ' (shared_buffers=' || "
                + "current_setting('shared_buffers') || ', synchronous_commit=' || "
                + "current_setting('synchronous_commit') || ', fsync=' || current_setting('fsync') || ')'",
            connection
        );
        return "PostgreSQL " + (string)(await command.ExecuteScalarAsync())!;
    }

    /// <summary>
    /// When the PostgreSQL server last started: a change during a mode means something else restarted it.
    /// Waits (up to a minute) for a server that is restarting right now.
    /// </summary>
    public async Task<DateTime> ServerStartedAsync()
    {
        var start = Clock.Now;
        while (true)
        {
            try
            {
                await using var connection = new NpgsqlConnection(options.PgConnectionString(options.PgAdminDatabase));
                await connection.OpenAsync();
                await using var command = new NpgsqlCommand("SELECT pg_postmaster_start_time()", connection);
                return (DateTime)(await command.ExecuteScalarAsync())!;
            }
            catch (NpgsqlException) when (Clock.Seconds(start, Clock.Now) < 60)
            {
                await Task.Delay(1000);
            }
        }
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
