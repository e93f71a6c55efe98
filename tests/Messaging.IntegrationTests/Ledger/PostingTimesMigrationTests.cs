using Messaging.Ledger.Persistence;
using Messaging.Ledger.Queries;
using Microsoft.EntityFrameworkCore;
using Npgsql;

namespace Messaging.IntegrationTests.Ledger;

/// <summary>
/// The migration that gives postings their entry's time, on a ledger that has history already (as a production database
/// upgrading from the version before it): every posting takes its entry's recorded_at, postings stay immutable, and a
/// balance as of a past time is right at once.
/// </summary>
[Collection(ProcessingCollection.Name)]
public sealed class PostingTimesMigrationTests(ServersFixture servers)
{
    private const string VersionBefore = "20261205000000_IssuerAccounts";

    [Fact]
    public async Task Should_give_every_existing_posting_its_entrys_time_and_keep_postings_immutable()
    {
        var database = servers.DatabaseName + "_posting_times";
        await ScratchDatabase.RecreateAsync(database);
        try
        {
            var connectionString = TestSettings.ForDatabase(database);
            await using var dataSource = NpgsqlDataSource.Create(connectionString);
            await MigrateToVersionBeforeAsync(dataSource);
            await ExecuteAsync(
                dataSource,
                """
                INSERT INTO accounts (code, kind, owner_id, allow_negative) VALUES ('user:dana:wallet', 'user_wallet', 'dana', false);
                INSERT INTO journal_entries (idempotency_key, entry_type, description, payload_hash, occurred_at, recorded_at) VALUES
                    ('order:d-1', 'earned', 'd-1', 'h', '2026-01-01T10:00:00Z', '2026-01-01T10:00:00Z'),
                    ('order:d-2', 'earned', 'd-2', 'h', '2026-02-01T10:00:00Z', '2026-02-01T10:00:00Z');
                INSERT INTO postings (journal_entry_id, account_id, amount)
                SELECT e.id, a.id,
                    CASE WHEN a.code = 'user:dana:wallet' THEN 1 ELSE -1 END * (CASE e.idempotency_key WHEN 'order:d-1' THEN 40 ELSE 2 END)
                FROM journal_entries e CROSS JOIN accounts a WHERE a.code IN ('user:dana:wallet', 'platform:issuance:orders');
                """
            );

            await LedgerMigration.MigrateAsync(connectionString, "Test", CancellationToken.None);

            Assert.Equal(
                0L,
                await ScalarAsync(
                    dataSource,
                    "SELECT count(*) FROM postings p JOIN journal_entries e ON e.id = p.journal_entry_id "
                        + "WHERE p.recorded_at IS DISTINCT FROM e.recorded_at"
                )
            );
            Assert.Equal(4L, await ScalarAsync(dataSource, "SELECT count(*) FROM postings"));
            // The change trigger is back on: postings are still corrected by new entries only.
            Assert.Equal(
                "O",
                await ScalarAsync(dataSource, "SELECT tgenabled::text FROM pg_trigger WHERE tgname = 'trg_postings_immutable'")
            );
            var update = await Assert.ThrowsAsync<PostgresException>(() => ExecuteAsync(dataSource, "UPDATE postings SET amount = amount"));
            Assert.Contains("immutable", update.MessageText, StringComparison.Ordinal);

            var queries = new LedgerQueries(dataSource);
            Assert.Equal(
                40,
                (
                    await queries.BalanceAtAsync(
                        "dana",
                        DateTimeOffset.Parse("2026-01-15T00:00:00Z", System.Globalization.CultureInfo.InvariantCulture),
                        CancellationToken.None
                    )
                )!.Points
            );
            Assert.Equal(
                42,
                (
                    await queries.BalanceAtAsync(
                        "dana",
                        DateTimeOffset.Parse("2026-02-01T10:00:00Z", System.Globalization.CultureInfo.InvariantCulture),
                        CancellationToken.None
                    )
                )!.Points
            );
        }
        finally
        {
            await ScratchDatabase.DropAsync(database);
        }
    }

    // The tables as the version before left them, with the trigger that keeps postings immutable (as any installed ledger has it).
    private static async Task MigrateToVersionBeforeAsync(NpgsqlDataSource dataSource)
    {
        var options = new DbContextOptionsBuilder<LedgerDbContext>();
        Messaging.Ledger.LedgerServiceCollectionExtensions.ConfigureContext(options, dataSource);
        await using (var db = new LedgerDbContext(options.Options))
        {
            await db.Database.MigrateAsync(VersionBefore);
        }

        var ledger = typeof(LedgerMigration).Assembly;
        foreach (var resource in new[] { "schema/Functions/ledger_refuse_change.sql", "schema/Triggers/trg_postings_immutable.sql" })
        {
            await using var stream = ledger.GetManifestResourceStream(resource)!;
            using var reader = new StreamReader(stream);
            await ExecuteAsync(dataSource, await reader.ReadToEndAsync());
        }
    }

    private static async Task ExecuteAsync(NpgsqlDataSource dataSource, string sql)
    {
        await using var command = dataSource.CreateCommand(sql);
        await command.ExecuteNonQueryAsync();
    }

    private static async Task<object?> ScalarAsync(NpgsqlDataSource dataSource, string sql)
    {
        await using var command = dataSource.CreateCommand(sql);
        return await command.ExecuteScalarAsync();
    }
}
