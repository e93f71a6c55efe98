using Messaging.Ledger.Accounts;
using Messaging.Ledger.Expiry;
using Messaging.Ledger.Holds;
using Messaging.Ledger.Journal;
using Messaging.Ledger.Writing;
using Npgsql;

namespace Messaging.IntegrationTests.Expiry;

/// <summary>
/// Wallets' points as lots (issue 27), on the real database: the posting trigger opens a lot for every credit and draws the
/// soonest-expiring lots for every debit, expiry writes what is left of a due lot once, and held points do not expire while held.
/// </summary>
[Collection(ProcessingCollection.Name)]
public sealed class PointLotsTests(ServersFixture servers) : IAsyncLifetime
{
    private static readonly DateTimeOffset Past = DateTimeOffset.UtcNow.AddDays(-1);

    private readonly LedgerProbe ledger = new(servers.DataSource);

    public Task InitializeAsync() => servers.ResetAsync();

    public Task DisposeAsync() => Task.CompletedTask;

    [Fact]
    public async Task Should_draw_the_soonest_expiring_lots_first_and_never_expiring_ones_last()
    {
        await EarnAsync("ana", "late", 100, DateTimeOffset.UtcNow.AddMonths(6));
        await EarnAsync("ana", "forever", 50, expiresAt: null);
        await EarnAsync("ana", "soon", 40, DateTimeOffset.UtcNow.AddDays(3));

        await SpendAsync("ana", "spend:1", 60);

        Assert.Equal(["order:soon 40 of 40", "order:late 20 of 100"], await DrawsAsync("spend:1"));
        Assert.Equal(["order:late 80", "order:forever 50"], await OpenLotsAsync("ana"));
        await ledger.AssertAuditCleanAndConservedAsync();
    }

    [Fact]
    public async Task Should_expire_what_is_left_of_a_due_lot_once_and_keep_the_rest()
    {
        await EarnAsync("ben", "old", 100, Past);
        await EarnAsync("ben", "new", 30, DateTimeOffset.UtcNow.AddMonths(12));
        await SpendAsync("ben", "spend:1", 25);

        var expired = await ExpireAsync("ben");
        var again = await ExpireAsync("ben");

        var lot = Assert.Single(expired);
        Assert.Equal(("order:old", 75L, "expiry:ben:order:old", 30L), (lot.LotKey, lot.Points, lot.EntryKey, lot.BalanceAfter));
        Assert.Empty(again);
        Assert.Equal(30, await ledger.BalanceAsync("ben"));
        Assert.Equal(75, await ledger.ScalarAsync("SELECT balance FROM accounts WHERE code = 'user:ben:expired'"));
        Assert.Equal(["order:old 75 of 100"], await DrawsAsync("expiry:ben:order:old"));
        await ledger.AssertAuditCleanAndConservedAsync();
    }

    [Fact]
    public async Task Should_keep_held_points_from_expiring_until_the_hold_is_settled()
    {
        await EarnAsync("cy", "old", 100, Past);
        await EarnAsync("cy", "new", 10, DateTimeOffset.UtcNow.AddMonths(12));
        await using (var connection = await servers.DataSource.OpenConnectionAsync())
        await using (var transaction = await connection.BeginTransactionAsync())
        {
            var wallet = await ledger.ScalarAsync("SELECT id FROM accounts WHERE code = 'user:cy:wallet'");
            Assert.True(await LedgerHolds.PlaceAsync(connection, "hold:cy", wallet, 30, DateTimeOffset.UtcNow.AddMinutes(5), default));
            await transaction.CommitAsync();
        }

        var first = await ExpireAsync("cy");

        Assert.Equal(70, Assert.Single(first).Points);
        Assert.Equal(40, await ledger.BalanceAsync("cy"));

        // Voided after its lot's date: the 30 points come back to a due lot, and the next pass expires them under a numbered key.
        await using (var connection = await servers.DataSource.OpenConnectionAsync())
        {
            Assert.True(await LedgerHolds.VoidAsync(connection, "hold:cy", "test", default));
        }

        var second = await ExpireAsync("cy");

        Assert.Equal(("expiry:cy:order:old:2", 30L), (Assert.Single(second).EntryKey, second[0].Points));
        Assert.Equal(10, await ledger.BalanceAsync("cy"));
        await ledger.AssertAuditCleanAndConservedAsync();
    }

    [Fact]
    public async Task Should_draw_a_reversed_earnings_own_lot_first_when_it_is_reversed()
    {
        await EarnAsync("eve", "soon", 40, DateTimeOffset.UtcNow.AddDays(3));
        await EarnAsync("eve", "late", 100, DateTimeOffset.UtcNow.AddMonths(6));

        var outcome = await new Messaging.Ledger.Corrections.EntryReversal(servers.DataSource, TimeProvider.System).ReverseAsync(
            "order:late",
            "ordered by mistake",
            "test",
            default
        );

        Assert.Equal(Messaging.Ledger.Corrections.ReversalOutcomeKind.Reversed, outcome.Kind);
        Assert.Equal(["order:late 100 of 100"], await DrawsAsync("reversal:order:late"));
        Assert.Equal(["order:soon 40"], await OpenLotsAsync("eve"));
        await ledger.AssertAuditCleanAndConservedAsync();
    }

    [Fact]
    public async Task Should_give_back_points_that_expire_with_the_soonest_lot_the_undone_spend_drew_when_a_spend_is_reversed()
    {
        var soon = DateTimeOffset.UtcNow.AddDays(3);
        await EarnAsync("fay", "soon", 40, soon);
        await EarnAsync("fay", "late", 100, DateTimeOffset.UtcNow.AddMonths(6));
        await SpendAsync("fay", "spend:1", 60);

        // The reversal command refuses to undo a spend (ReversalRules), but the database's rule holds for any entry that names
        // what it undoes, as one from before that rule or a restore's does.
        await WriteAsync(
            EntryDraft.Transfer(
                "reversal:spend:1",
                EntryTypes.Reversal,
                "reward not delivered",
                "h",
                DateTimeOffset.UtcNow,
                AccountRef.PlatformRedemptions,
                AccountRef.UserWallet("fay"),
                60,
                """{"Reverses": "spend:1"}"""
            )
        );

        Assert.Equal(
            1,
            await ledger.ScalarAsync(
                """
                SELECT count(*) FROM point_lots l JOIN journal_entries e ON e.id = l.journal_entry_id
                WHERE e.idempotency_key = 'reversal:spend:1' AND l.amount = 60
                    AND l.expires_at = (SELECT p.expires_at FROM point_lots p JOIN journal_entries s ON s.id = p.journal_entry_id
                                        WHERE s.idempotency_key = 'order:soon')
                """
            )
        );
        Assert.Equal(140, await ledger.BalanceAsync("fay"));
        await ledger.AssertAuditCleanAndConservedAsync();
    }

    [Fact]
    public async Task Should_refuse_in_the_database_an_expiry_that_names_no_lot()
    {
        await EarnAsync("dee", "1", 10, Past);

        var error = await Assert.ThrowsAsync<PostgresException>(() =>
            WriteAsync(
                EntryDraft.Transfer(
                    "expiry:dee:nothing",
                    EntryTypes.PointsExpired,
                    "no lot",
                    "h",
                    DateTimeOffset.UtcNow,
                    AccountRef.UserWallet("dee"),
                    AccountRef.ExpiredPoints("dee"),
                    10,
                    """{"lot": "order:missing"}"""
                )
            )
        );

        Assert.Contains("names no lot", error.MessageText, StringComparison.Ordinal);
        Assert.Equal(10, await ledger.BalanceAsync("dee"));
    }

    private Task EarnAsync(string user, string orderId, long points, DateTimeOffset? expiresAt) =>
        Entries.ApplyAsync(servers.DataSource, Entries.Earn(orderId, user, points, expiresAt: expiresAt));

    private Task SpendAsync(string user, string key, long points) =>
        WriteAsync(
            EntryDraft.Transfer(
                key,
                EntryTypes.Redeemed,
                key,
                "h",
                DateTimeOffset.UtcNow,
                AccountRef.UserWallet(user),
                AccountRef.PlatformRedemptions,
                points
            )
        );

    private Task WriteAsync(EntryDraft entry) => Entries.ApplyAsync(servers.DataSource, new LedgerWrite(entry, []));

    private async Task<IReadOnlyList<ExpiredLot>> ExpireAsync(string user)
    {
        await using var connection = await servers.DataSource.OpenConnectionAsync();
        await using var transaction = await connection.BeginTransactionAsync();
        var expired = await new PointsExpiry(new LedgerBatchWriter()).ExpireDueAsync(connection, user, default);
        await transaction.CommitAsync();
        return expired;
    }

    private Task<IReadOnlyList<string>> DrawsAsync(string entryKey) =>
        ledger.RowsAsync(
            $"""
            SELECT l.idempotency_key || ' ' || d.amount || ' of ' || p.amount
            FROM lot_draws d
            JOIN journal_entries e ON e.id = d.journal_entry_id
            JOIN journal_entries l ON l.id = d.lot_entry_id
            JOIN point_lots p ON p.account_id = d.account_id AND p.journal_entry_id = d.lot_entry_id
            WHERE e.idempotency_key = '{entryKey}'
            ORDER BY d.id
            """
        );

    private Task<IReadOnlyList<string>> OpenLotsAsync(string user) =>
        ledger.RowsAsync(
            $"""
            SELECT e.idempotency_key || ' ' || l.remaining
            FROM point_lots l JOIN journal_entries e ON e.id = l.journal_entry_id JOIN accounts a ON a.id = l.account_id
            WHERE a.code = 'user:{user}:wallet' AND l.remaining > 0
            ORDER BY l.expires_at NULLS LAST, l.journal_entry_id
            """
        );
}
