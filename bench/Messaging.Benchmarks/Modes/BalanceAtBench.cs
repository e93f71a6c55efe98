using System.Diagnostics;
using System.Globalization;
using Messaging.Benchmarks.Infrastructure;
using Messaging.Ledger.Accounts;
using Messaging.Ledger.Journal;
using Messaging.Ledger.Persistence;
using Messaging.Ledger.Queries;
using Npgsql;

namespace Messaging.Benchmarks.Modes;

/// <summary>
/// A balance as of a past time (issue 27: under 50 ms for a wallet of 100,000 postings): a migrated ledger with one wallet of
/// --count postings and as many again spread over 1,000 other wallets, interleaved in time over a year, then the product's
/// query (<see cref="LedgerQueries.BalanceAtAsync"/>, over the postings' own times) at random instants, against the
/// same sum joined with the journal for its times (the baseline, before postings carried them), each result checked equal.
/// </summary>
internal static class BalanceAtBench
{
    public const string Database = "ledger_bench_balance_at";

    private const string HeavyUser = "heavy";
    private const int OtherWallets = 1000;
    private const int Queries = 500;
    private const int BaselineQueries = 50;
    private const int SeedBatch = 20_000;

    private static readonly DateTimeOffset Start = new(2025, 1, 1, 0, 0, 0, TimeSpan.Zero);

    // Entries and their two postings in one statement, as the ledger writes them (the posting triggers check and apply them).
    private static readonly string SeedSql = $"""
        WITH e AS (
            INSERT INTO journal_entries (idempotency_key, entry_type, description, payload_hash, occurred_at, recorded_at)
            SELECT 'bench:' || g, '{EntryTypes.OrderEarned}', 'bench', 'h', t, t
            FROM (SELECT g, @start + g * @step AS t FROM generate_series(@from, @to) g) s
            RETURNING id, recorded_at, substring(idempotency_key FROM 7)::bigint AS g
        )
        INSERT INTO postings (journal_entry_id, account_id, amount, recorded_at)
        SELECT e.id,
               CASE WHEN e.g % 2 = 0 THEN @heavy
                    ELSE (SELECT a.id FROM accounts a WHERE a.code = 'user:other-' || (e.g / 2) % {OtherWallets} || ':wallet') END,
               1 + e.g % 7, e.recorded_at
        FROM e
        UNION ALL
        SELECT e.id, @issuance, -(1 + e.g % 7), e.recorded_at FROM e
        """;

    // The same figure as LedgerQueries.BalanceAtAsync, with the entries' times: what the query had to do before postings carried them.
    private static readonly string JoinedSql = $"""
        SELECT coalesce(sum(p.amount), 0)::bigint
        FROM accounts w JOIN postings p ON p.account_id = w.id JOIN journal_entries e ON e.id = p.journal_entry_id
        WHERE w.kind = '{AccountKinds.UserWallet}' AND w.owner_id = @user AND e.recorded_at <= @at
        """;

    public static async Task<ModeResult> RunAsync(BenchOptions options, PgAdmin pgAdmin)
    {
        var problems = new List<string>();
        var perWallet = options.CountGiven ? options.Count : 100_000;
        await pgAdmin.RecreateDatabaseAsync(Database);
        var connectionString = options.PgConnectionString(Database, 4);
        await LedgerMigration.MigrateAsync(connectionString, null, CancellationToken.None);
        await using var dataSource = NpgsqlDataSource.Create(connectionString);

        var total = perWallet * 2L;
        var step = TimeSpan.FromDays(365) / total;
        var seeding = Stopwatch.StartNew();
        await using (var connection = await dataSource.OpenConnectionAsync())
        {
            await using (var accounts = connection.CreateCommand())
            {
                accounts.CommandText = $"""
                    INSERT INTO accounts (code, kind, owner_id, allow_negative)
                    SELECT 'user:' || u || ':wallet', '{AccountKinds.UserWallet}', u, false
                    FROM (SELECT '{HeavyUser}' AS u UNION ALL SELECT 'other-' || i FROM generate_series(0, {OtherWallets - 1}) i) s
                    """;
                await accounts.ExecuteNonQueryAsync();
            }

            var ids = await AccountIdsAsync(connection);
            for (long from = 0; from < total; from += SeedBatch)
            {
                await using var seed = new NpgsqlCommand(SeedSql, connection);
                seed.Parameters.AddWithValue("start", Start);
                seed.Parameters.AddWithValue("step", step);
                seed.Parameters.AddWithValue("from", from);
                seed.Parameters.AddWithValue("to", Math.Min(total, from + SeedBatch) - 1);
                seed.Parameters.AddWithValue("heavy", ids.Heavy);
                seed.Parameters.AddWithValue("issuance", ids.Issuance);
                await seed.ExecuteNonQueryAsync();
            }

            // As autovacuum would have by then: the visibility map lets the index answer alone.
            foreach (var table in new[] { "postings", "journal_entries", "accounts" })
            {
                // One statement per command: VACUUM cannot run inside a pipeline or a transaction.
                await using var vacuum = new NpgsqlCommand($"VACUUM (ANALYZE) {table}", connection);
                await vacuum.ExecuteNonQueryAsync();
            }
        }

        Log.Info(
            string.Create(CultureInfo.InvariantCulture, $"balance-at: {total:N0} entries seeded in {seeding.Elapsed.TotalSeconds:F1} s")
        );

        var random = new Random(27);
        var end = Start + (step * total);
        DateTimeOffset RandomInstant() => Start + ((end - Start) * random.NextDouble());

        var queries = new LedgerQueries(dataSource);
        var latencies = new List<double>();
        var checkedInstants = new List<(DateTimeOffset At, long Points)>();
        var clock = Stopwatch.StartNew();
        for (var i = 0; i < Queries; i++)
        {
            var at = RandomInstant();
            var started = Stopwatch.GetTimestamp();
            var balance = await queries.BalanceAtAsync(HeavyUser, at, CancellationToken.None);
            latencies.Add(Stopwatch.GetElapsedTime(started).TotalMilliseconds);
            if (balance is null)
            {
                problems.Add("balance-at: no wallet for the seeded user");
                break;
            }

            if (i < BaselineQueries)
            {
                checkedInstants.Add((at, balance.Points));
            }
        }

        var seconds = clock.Elapsed.TotalSeconds;
        var baseline = new List<double>();
        await using (var connection = await dataSource.OpenConnectionAsync())
        {
            foreach (var (at, points) in checkedInstants)
            {
                await using var joined = new NpgsqlCommand(JoinedSql, connection);
                joined.Parameters.AddWithValue("user", HeavyUser);
                joined.Parameters.AddWithValue("at", at.UtcDateTime);
                var started = Stopwatch.GetTimestamp();
                var expected = (long)(await joined.ExecuteScalarAsync())!;
                baseline.Add(Stopwatch.GetElapsedTime(started).TotalMilliseconds);
                if (expected != points)
                {
                    problems.Add($"balance-at: at {at:O} the query gave {points} points, the journal's times {expected}");
                }
            }
        }

        var stats = LatencyStats.Of(latencies);
        var baselineStats = LatencyStats.Of(baseline);
        var result = new ModeResult(BenchOptions.BalanceAt, latencies.Count, seconds)
            .With(
                "wallet",
                string.Create(CultureInfo.InvariantCulture, $"{perWallet:N0} postings of {total * 2:N0} in the ledger, over a year")
            )
            .With("balance --at (postings' own times)", stats.ToString())
            .With("baseline (joined with the journal's times)", baselineStats.ToString())
            .With("speed-up at p50", string.Create(CultureInfo.InvariantCulture, $"{baselineStats.P50 / stats.P50:F1}x"));
        if (stats.P99 >= 50)
        {
            problems.Add(
                string.Create(CultureInfo.InvariantCulture, $"balance-at: p99 {stats.P99:F1} ms, not under the 50 ms the issue asks for")
            );
        }

        result.Problems.AddRange(problems);
        return result;
    }

    private static async Task<(long Heavy, long Issuance)> AccountIdsAsync(NpgsqlConnection connection)
    {
        await using var command = new NpgsqlCommand("SELECT code, id FROM accounts WHERE code IN (@heavy, @issuance)", connection);
        command.Parameters.AddWithValue("heavy", $"user:{HeavyUser}:wallet");
        command.Parameters.AddWithValue("issuance", AccountRef.IssuanceOf(Issuers.Orders).Code);
        var ids = new Dictionary<string, long>(StringComparer.Ordinal);
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            ids[reader.GetString(0)] = reader.GetInt64(1);
        }

        return (ids[$"user:{HeavyUser}:wallet"], ids[AccountRef.IssuanceOf(Issuers.Orders).Code]);
    }
}
