using Npgsql;

namespace Messaging.IntegrationTests.Ledger;

/// <summary>PostgreSQL itself refuses what would break the ledger, whatever code talks to it.</summary>
[Collection(ProcessingCollection.Name)]
public sealed class DatabaseInvariantsTests(ServersFixture servers) : IAsyncLifetime
{
    public async Task InitializeAsync()
    {
        await servers.ResetAsync();
        await ExecuteAsync(
            """
            INSERT INTO accounts (code, kind, owner_id, allow_negative) VALUES ('user:u1:wallet', 'user_wallet', 'u1', false);
            INSERT INTO journal_entries (idempotency_key, entry_type, description, payload_hash, occurred_at) VALUES ('seed', 'earned',
                'seed', 'h', now());
            INSERT INTO postings (journal_entry_id, account_id, amount, recorded_at) VALUES (1, 1, -10, now()), (1, 3, 10, now());
            """
        );
    }

    public Task DisposeAsync() => Task.CompletedTask;

    [Fact]
    public async Task Should_reject_an_entry_whose_postings_do_not_sum_to_zero()
    {
        var error = await Assert.ThrowsAsync<PostgresException>(() =>
            ExecuteAsync(
                """
                INSERT INTO journal_entries (idempotency_key, entry_type, description, payload_hash, occurred_at) VALUES ('bad', 'earned',
                    'bad', 'h', now());
                INSERT INTO postings (journal_entry_id, account_id, amount, recorded_at) VALUES (2, 1, -10, now()), (2, 3, 9, now());
                """
            )
        );

        Assert.Equal(PostgresErrorCodes.CheckViolation, error.SqlState);
        Assert.Contains("does not balance", error.MessageText, StringComparison.Ordinal);
        Assert.Equal(10, await ScalarAsync("SELECT balance FROM accounts WHERE code = 'user:u1:wallet'"));
    }

    [Fact]
    public async Task Should_name_in_the_audit_an_entry_whose_postings_carry_another_time_than_its_own()
    {
        // Only the one insert writes postings, and it takes the entry's time; raw SQL can write another, and the audit names it.
        await ExecuteAsync(
            """
            INSERT INTO journal_entries (idempotency_key, entry_type, description, payload_hash, occurred_at) VALUES ('late', 'earned',
                'late', 'h', now());
            INSERT INTO postings (journal_entry_id, account_id, amount, recorded_at)
            VALUES (2, 1, -10, now() - interval '1 day'), (2, 3, 10, now() - interval '1 day');
            """
        );

        var report = await new Messaging.Ledger.Auditing.LedgerAuditor(servers.DataSource).AuditAsync(null, CancellationToken.None);

        var finding = Assert.Single(report.Findings, f => f.Check == "posting_times");
        Assert.Equal("entry late", finding.Subject);
        Assert.Contains("2 posting(s) recorded at another time than their entry", finding.Problem, StringComparison.Ordinal);
        Assert.Contains(
            "has postings recorded at another time",
            string.Join("; ", await new LedgerProbe(servers.DataSource).ViolationsAsync())
        );
    }

    [Fact]
    public async Task Should_reject_an_entry_with_a_single_posting()
    {
        var error = await Assert.ThrowsAsync<PostgresException>(() =>
            ExecuteAsync(
                """
                INSERT INTO journal_entries (idempotency_key, entry_type, description, payload_hash, occurred_at) VALUES ('one', 'earned',
                    'one', 'h', now());
                INSERT INTO postings (journal_entry_id, account_id, amount, recorded_at) VALUES (2, 3, 5, now());
                """
            )
        );

        Assert.Equal(PostgresErrorCodes.CheckViolation, error.SqlState);
    }

    [Fact]
    public async Task Should_reject_a_posting_that_takes_a_wallet_below_zero()
    {
        var error = await Assert.ThrowsAsync<PostgresException>(() =>
            ExecuteAsync(
                """
                INSERT INTO journal_entries (idempotency_key, entry_type, description, payload_hash, occurred_at) VALUES ('overdraw',
                    'redeemed', 'overdraw', 'h', now());
                INSERT INTO postings (journal_entry_id, account_id, amount, recorded_at) VALUES (2, 3, -11, now()), (2, 1, 11, now());
                """
            )
        );

        Assert.Equal(PostgresErrorCodes.CheckViolation, error.SqlState);
        Assert.Contains(error.ConstraintName, new[] { "ck_accounts_not_negative", "ck_accounts_available_not_negative" });
        Assert.Equal(10, await ScalarAsync("SELECT balance FROM accounts WHERE code = 'user:u1:wallet'"));
    }

    [Fact]
    public async Task Should_reject_a_second_entry_with_the_same_idempotency_key()
    {
        var error = await Assert.ThrowsAsync<PostgresException>(() =>
            ExecuteAsync(
                "INSERT INTO journal_entries (idempotency_key, entry_type, description, payload_hash, "
                    + "occurred_at) VALUES ('seed', 'earned', 'again', 'h2', now())"
            )
        );

        Assert.Equal(PostgresErrorCodes.UniqueViolation, error.SqlState);
        Assert.Equal(1, await ScalarAsync("SELECT count(*) FROM journal_entries"));
    }

    [Fact]
    public async Task Should_reject_writing_a_cached_balance_directly()
    {
        var error = await Assert.ThrowsAsync<PostgresException>(() =>
            ExecuteAsync("UPDATE accounts SET balance = balance + 1, total_credited = total_credited + 1 WHERE code = 'user:u1:wallet'")
        );

        Assert.Equal(PostgresErrorCodes.RestrictViolation, error.SqlState);
        Assert.Contains("move only with postings", error.MessageText, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Should_reject_changing_or_deleting_a_posting()
    {
        var update = await Assert.ThrowsAsync<PostgresException>(() => ExecuteAsync("UPDATE postings SET amount = 20 WHERE id = 2"));
        var delete = await Assert.ThrowsAsync<PostgresException>(() => ExecuteAsync("DELETE FROM postings WHERE id = 2"));

        Assert.Equal(PostgresErrorCodes.RestrictViolation, update.SqlState);
        Assert.Equal(PostgresErrorCodes.RestrictViolation, delete.SqlState);
        Assert.Equal(0, await ScalarAsync("SELECT sum(amount) FROM postings"));
    }

    [Fact]
    public async Task Should_keep_balances_equal_to_postings_when_entries_are_inserted_with_plain_sql()
    {
        await ExecuteAsync(
            """
            INSERT INTO journal_entries (idempotency_key, entry_type, description, payload_hash, occurred_at) VALUES ('more', 'earned',
                'more', 'h', now());
            INSERT INTO postings (journal_entry_id, account_id, amount, recorded_at) VALUES (2, 1, -7, now()), (2, 3, 7, now());
            """
        );

        Assert.Equal(17, await ScalarAsync("SELECT balance FROM accounts WHERE code = 'user:u1:wallet'"));
        Assert.Equal(-17, await ScalarAsync("SELECT balance FROM accounts WHERE code = 'platform:issuance:orders'"));
        Assert.Empty(await new LedgerProbe(servers.DataSource).ViolationsAsync());
    }

    private async Task ExecuteAsync(string sql)
    {
        await using var connection = await servers.DataSource.OpenConnectionAsync();
        await using var transaction = await connection.BeginTransactionAsync();
        await using var command = new NpgsqlCommand(sql, connection, transaction);
        await command.ExecuteNonQueryAsync();
        await transaction.CommitAsync();
    }

    private Task<long> ScalarAsync(string sql) => new LedgerProbe(servers.DataSource).ScalarAsync(sql);
}
