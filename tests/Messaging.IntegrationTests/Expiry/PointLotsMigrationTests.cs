using Messaging.Ledger.Accounts;
using Messaging.Ledger.Auditing;
using Messaging.Ledger.Journal;
using Messaging.Ledger.Persistence;
using Messaging.Ledger.Writing;
using Microsoft.EntityFrameworkCore;
using Npgsql;

namespace Messaging.IntegrationTests.Expiry;

/// <summary>
/// The migration that gives existing wallets their lots (issue 27), on a ledger with history (as a production database upgrading from the
/// version before): what each wallet holds is taken from its latest-expiring credits, as if the soonest-expiring had always been spent
/// first, orders' points expire 12 months after they were recorded, refunds never, and the audit is clean at once.
/// </summary>
[Collection(ProcessingCollection.Name)]
public sealed class PointLotsMigrationTests(ServersFixture servers)
{
    private const string VersionBefore = "20261205010000_PostingTimes";

    [Fact]
    public async Task Should_give_each_wallet_lots_holding_its_balance_from_its_latest_expiring_credits()
    {
        var database = servers.DatabaseName + "_point_lots";
        await ScratchDatabase.RecreateAsync(database);
        try
        {
            var connectionString = TestSettings.ForDatabase(database);
            await using var dataSource = NpgsqlDataSource.Create(connectionString);
            await MigrateToVersionBeforeAsync(dataSource);

            // dana earned 40 (2025-01, due since 2026-01) and 30 (2026-11), was refunded 20 and spent 50: she holds 40.
            await ExecuteAsync(
                dataSource,
                """
                INSERT INTO accounts (code, kind, owner_id, allow_negative, balance, total_credited, total_debited)
                VALUES ('user:dana:wallet', 'user_wallet', 'dana', false, 40, 90, 50);
                UPDATE accounts SET balance = -90, total_debited = 90 WHERE code = 'platform:issuance:orders';
                UPDATE accounts SET balance = 50, total_credited = 50 WHERE code = 'platform:redemptions';
                INSERT INTO journal_entries (idempotency_key, entry_type, description, payload_hash, occurred_at, recorded_at) VALUES
                    ('order:d-1', 'earned', 'd-1', 'h', '2025-01-01T10:00:00Z', '2025-01-01T10:00:00Z'),
                    ('order:d-2', 'earned', 'd-2', 'h', '2026-11-01T10:00:00Z', '2026-11-01T10:00:00Z'),
                    ('refund:d-3', 'redemption_refund', 'd-3', 'h', '2026-11-02T10:00:00Z', '2026-11-02T10:00:00Z'),
                    ('redemption:d-4', 'redeemed', 'd-4', 'h', '2026-11-03T10:00:00Z', '2026-11-03T10:00:00Z');
                INSERT INTO postings (journal_entry_id, account_id, amount, recorded_at)
                SELECT e.id, a.id, x.amount, e.recorded_at
                FROM (VALUES ('order:d-1', 'user:dana:wallet', 40), ('order:d-1', 'platform:issuance:orders', -40),
                             ('order:d-2', 'user:dana:wallet', 30), ('order:d-2', 'platform:issuance:orders', -30),
                             ('refund:d-3', 'user:dana:wallet', 20), ('refund:d-3', 'platform:issuance:orders', -20),
                             ('redemption:d-4', 'user:dana:wallet', -50), ('redemption:d-4', 'platform:redemptions', 50))
                    AS x(entry, account, amount)
                JOIN journal_entries e ON e.idempotency_key = x.entry JOIN accounts a ON a.code = x.account;
                -- The refund's redemption, which the lifetime figures count refunds from.
                INSERT INTO redemptions (id, user_id, reward_id, reward_name, points, status, journal_entry_id, redeemed_at, expires_at,
                    is_used, expired_at, refund_entry_id)
                SELECT gen_random_uuid(), 'dana', 'mug', 'Mug', 20, 'expired', r.id, r.recorded_at, r.recorded_at, false, f.recorded_at,
                    f.id
                FROM journal_entries r, journal_entries f WHERE r.idempotency_key = 'redemption:d-4' AND f.idempotency_key = 'refund:d-3';
                """
            );

            await LedgerMigration.MigrateAsync(connectionString, "Test", CancellationToken.None);

            Assert.Equal(["order:d-2 20 20 2027-11-01", "refund:d-3 20 20 never"], await LotsAsync(dataSource));
            var audit = await new LedgerAuditor(dataSource).AuditAsync(null, CancellationToken.None);
            Assert.True(audit.Clean, string.Join("; ", audit.Findings.Select(f => $"[{f.Check}] {f.Subject}: {f.Problem}")));

            // From now on the trigger keeps them: a spend of 25 takes the order's 20, then 5 of the refund.
            await Entries.ApplyAsync(
                dataSource,
                new LedgerWrite(
                    EntryDraft.Transfer(
                        "redemption:d-5",
                        EntryTypes.Redeemed,
                        "d-5",
                        "h",
                        DateTimeOffset.UtcNow,
                        AccountRef.UserWallet("dana"),
                        AccountRef.PlatformRedemptions,
                        25
                    ),
                    []
                )
            );

            Assert.Equal(["order:d-2 20 0 2027-11-01", "refund:d-3 20 15 never"], await LotsAsync(dataSource));
            audit = await new LedgerAuditor(dataSource).AuditAsync(null, CancellationToken.None);
            Assert.True(audit.Clean, string.Join("; ", audit.Findings.Select(f => $"[{f.Check}] {f.Subject}: {f.Problem}")));
        }
        finally
        {
            await ScratchDatabase.DropAsync(database);
        }
    }

    private static async Task<List<string>> LotsAsync(NpgsqlDataSource dataSource)
    {
        await using var command = dataSource.CreateCommand(
            """
            SELECT e.idempotency_key || ' ' || l.amount || ' ' || l.remaining || ' '
                || coalesce(to_char(l.expires_at AT TIME ZONE 'UTC', 'YYYY-MM-DD'), 'never')
            FROM point_lots l JOIN journal_entries e ON e.id = l.journal_entry_id ORDER BY e.idempotency_key
            """
        );
        var lots = new List<string>();
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            lots.Add(reader.GetString(0));
        }

        return lots;
    }

    private static async Task MigrateToVersionBeforeAsync(NpgsqlDataSource dataSource)
    {
        var options = new DbContextOptionsBuilder<LedgerDbContext>();
        Messaging.Ledger.LedgerServiceCollectionExtensions.ConfigureContext(options, dataSource);
        await using var db = new LedgerDbContext(options.Options);
        await db.Database.MigrateAsync(VersionBefore);
    }

    private static async Task ExecuteAsync(NpgsqlDataSource dataSource, string sql)
    {
        await using var command = dataSource.CreateCommand(sql);
        await command.ExecuteNonQueryAsync();
    }
}
