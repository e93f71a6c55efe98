using Npgsql;

namespace Messaging.IntegrationTests.Ledger;

/// <summary>
/// Least privilege in the database: the processor's role (ledger_runtime) writes history but can never rewrite it, alter a table or switch
/// the triggers that guard it off; the reader only reads; the operator repairs through the owner's functions but updates no account,
/// truncates no history and queues no command; only the API's login queues commands; only the owner empties history, and only in a database
/// marked as development or test. Every processor test runs as the runtime role too (<see
/// cref="ServersFixture.ProcessorConnectionString"/>), which is what shows the processor needs no more.
/// </summary>
[Collection(ProcessingCollection.Name)]
public sealed class DatabaseRolesTests(ServersFixture servers) : ProcessorTest(servers)
{
    public static TheoryData<string, string> RefusedToRuntime() =>
        new()
        {
            { "update a posting", "UPDATE postings SET amount = amount + 1" },
            { "delete an entry", "DELETE FROM journal_entries" },
            { "move a balance", "UPDATE accounts SET balance = balance + 1" },
            {
                "move a balance with the repair switch on",
                "SET ledger.repair_balances = 'on'; UPDATE accounts SET balance = balance + 1, total_credited = total_credited + 1"
            },
            {
                "open an account with points in it",
                "INSERT INTO accounts (code, kind, owner_id, allow_negative, balance, total_credited) "
                    + "VALUES ('user:rich:wallet', 'user_wallet', 'rich', false, 1000, 1000)"
            },
            { "empty the postings", "TRUNCATE postings" },
            { "switch the immutability trigger off", "ALTER TABLE postings DISABLE TRIGGER trg_postings_immutable" },
            { "switch every trigger off", "ALTER TABLE journal_entries DISABLE TRIGGER ALL" },
            { "alter a table", "ALTER TABLE accounts DROP CONSTRAINT ck_accounts_not_negative" },
            {
                "replace the balance trigger's function",
                "CREATE OR REPLACE FUNCTION ledger_postings_apply() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RETURN NULL; END $$"
            },
            {
                "edit the operator log",
                "INSERT INTO operator_actions (operator, action, outcome) VALUES ('me', 'repair', 'nothing to see')"
            },
        };

    [Theory]
    [MemberData(nameof(RefusedToRuntime))]
    public async Task Should_refuse_the_processors_role_when_it_tries_to(string what, string sql)
    {
        await SeedOneEntryAsync();

        var refused = await Assert.ThrowsAsync<PostgresException>(() => ExecuteAsync(Servers.ProcessorConnectionString, sql));

        Assert.True(
            refused.SqlState == PostgresErrorCodes.InsufficientPrivilege,
            $"{what}: expected permission denied (42501), got {refused.SqlState}: {refused.MessageText}"
        );
        Assert.Empty(await Ledger.ViolationsAsync());
        Assert.Equal(250, await Ledger.BalanceAsync("u-1"));
    }

    [Fact]
    public async Task Should_let_the_reader_read_and_nothing_else()
    {
        await SeedOneEntryAsync();
        var reader = ForRunDatabase(TestSettings.ReaderConnectionString);

        await using (var connection = new NpgsqlConnection(reader))
        {
            await connection.OpenAsync();
            await using var read = new NpgsqlCommand("SELECT current_points FROM user_points WHERE user_id = 'u-1'", connection);
            Assert.Equal(250L, await read.ExecuteScalarAsync());
        }

        var refused = await Assert.ThrowsAsync<PostgresException>(() =>
            ExecuteAsync(
                reader,
                "INSERT INTO ledger_refusals (consumer_id, idempotency_key, reason_code, reason, payload) VALUES ('x', 'x', 'x', 'x', '{}')"
            )
        );
        Assert.Equal(PostgresErrorCodes.InsufficientPrivilege, refused.SqlState);
    }

    public static TheoryData<string, string> RefusedToOperator() =>
        new()
        {
            {
                "queue a command in the API's outbox (published as an admin: a mint with no token)",
                "INSERT INTO api_outbox (message_id, exchange, body, requested_by) VALUES "
                    + "(gen_random_uuid(), 'allocate-to-tenant', '{}', 'mallory')"
            },
            { "rewrite a queued command", "UPDATE api_outbox SET body = '{}'" },
            {
                "move a balance with the repair switch on",
                "SET ledger.repair_balances = 'on'; UPDATE accounts SET balance = balance + 1, total_credited = total_credited + 1"
            },
            { "give an account to someone else", "UPDATE accounts SET owner_id = 'mallory' WHERE code = 'user:u-1:wallet'" },
            { "rename an account", "UPDATE accounts SET code = 'user:mallory:wallet' WHERE code = 'user:u-1:wallet'" },
            { "let a wallet go negative", "UPDATE accounts SET allow_negative = true WHERE code = 'user:u-1:wallet'" },
            { "move an account to another tenant", "UPDATE accounts SET tenant_id = 'other' WHERE code = 'user:u-1:wallet'" },
            {
                "open an account with points in it",
                "INSERT INTO accounts (code, kind, owner_id, allow_negative, balance, total_credited) "
                    + "VALUES ('user:rich:wallet', 'user_wallet', 'rich', false, 1000, 1000)"
            },
            { "empty the postings", "TRUNCATE postings" },
            { "empty the journal", "TRUNCATE journal_entries CASCADE" },
            { "empty the operator log", "TRUNCATE operator_actions" },
            { "mark the database as a test database", "UPDATE ledger_environment SET environment = 'test'" },
            { "switch the immutability trigger off", "ALTER TABLE postings DISABLE TRIGGER trg_postings_immutable" },
        };

    [Theory]
    [MemberData(nameof(RefusedToOperator))]
    public async Task Should_refuse_the_operators_role_when_it_tries_to(string what, string sql)
    {
        await SeedOneEntryAsync();

        var refused = await Assert.ThrowsAsync<PostgresException>(() =>
            ExecuteAsync(ForRunDatabase(TestSettings.OperatorConnectionString), sql)
        );

        Assert.True(
            refused.SqlState == PostgresErrorCodes.InsufficientPrivilege,
            $"{what}: expected permission denied (42501), got {refused.SqlState}: {refused.MessageText}"
        );
        Assert.Equal(250, await Ledger.BalanceAsync("u-1"));
        Assert.Equal("user:u-1:wallet", await Ledger.TextAsync("SELECT code FROM accounts WHERE owner_id = 'u-1'"));
        Assert.Equal(0, await Ledger.ScalarAsync("SELECT count(*) FROM api_outbox"));
        Assert.Empty(await Ledger.ViolationsAsync());
    }

    [Fact]
    public async Task Should_let_the_operator_repair_through_the_owners_function_but_not_switch_triggers_off()
    {
        await SeedOneEntryAsync();
        var operatorLogin = ForRunDatabase(TestSettings.OperatorConnectionString);
        await ExecuteAsync(
            Servers.ConnectionString,
            "SET ledger.repair_balances = 'on'; UPDATE accounts SET balance = balance + 7, "
                + "total_credited = total_credited + 7 WHERE code = 'user:u-1:wallet'"
        );
        Assert.Equal(257, await Ledger.BalanceAsync("u-1"));

        await ExecuteAsync(operatorLogin, "SELECT ledger_lock_accounts_for_repair(); SELECT ledger_repair_account('user:u-1:wallet')");

        Assert.Equal(250, await Ledger.BalanceAsync("u-1"));
        Assert.Empty(await Ledger.ViolationsAsync());
        var disable = await Assert.ThrowsAsync<PostgresException>(() =>
            ExecuteAsync(operatorLogin, "ALTER TABLE postings DISABLE TRIGGER trg_postings_immutable")
        );
        Assert.Equal(PostgresErrorCodes.InsufficientPrivilege, disable.SqlState);
        var rewrite = await Assert.ThrowsAsync<PostgresException>(() =>
            ExecuteAsync(operatorLogin, "UPDATE postings SET amount = amount + 1")
        );
        Assert.Equal(PostgresErrorCodes.InsufficientPrivilege, rewrite.SqlState);
    }

    [Fact]
    public async Task Should_let_only_the_apis_login_queue_commands()
    {
        await ExecuteAsync(
            Servers.ApiConnectionString,
            "INSERT INTO api_outbox (message_id, exchange, body, requested_by) VALUES "
                + "(gen_random_uuid(), 'allocate-to-tenant', '{}', 'api')"
        );

        Assert.Equal(1, await Ledger.ScalarAsync("SELECT count(*) FROM api_outbox"));
        var refused = await Assert.ThrowsAsync<PostgresException>(() =>
            ExecuteAsync(Servers.ProcessorConnectionString, "UPDATE api_outbox SET body = '{}'")
        );
        Assert.Equal(PostgresErrorCodes.InsufficientPrivilege, refused.SqlState);
    }

    [Fact]
    public async Task Should_record_the_database_login_that_wrote_each_operator_log_row_whatever_the_insert_says()
    {
        await ExecuteAsync(
            ForRunDatabase(TestSettings.OperatorConnectionString),
            "INSERT INTO operator_actions (operator, action, outcome, db_login) VALUES ('alice', 'tenant-add', 'added', 'ledger')"
        );

        Assert.Equal(
            new NpgsqlConnectionStringBuilder(TestSettings.OperatorConnectionString).Username,
            await Ledger.TextAsync("SELECT db_login FROM operator_actions WHERE operator = 'alice'")
        );
    }

    [Fact]
    public async Task Should_let_the_owner_empty_history_only_in_a_database_marked_for_development_or_test()
    {
        await SeedOneEntryAsync();
        var entries = await Ledger.EntriesAsync();
        await ExecuteAsync(Servers.ConnectionString, "UPDATE ledger_environment SET environment = 'production'");
        try
        {
            foreach (var table in new[] { "postings", "journal_entries CASCADE", "operator_actions" })
            {
                var refused = await Assert.ThrowsAsync<PostgresException>(() =>
                    ExecuteAsync(Servers.ConnectionString, $"TRUNCATE {table}")
                );
                Assert.Equal(PostgresErrorCodes.RestrictViolation, refused.SqlState);
                Assert.Contains(
                    "is truncated only in a database marked as development or test (ledger_environment says production)",
                    refused.MessageText,
                    StringComparison.Ordinal
                );
            }

            Assert.Equal(250, await Ledger.BalanceAsync("u-1"));
            Assert.Equal(entries, await Ledger.EntriesAsync());
        }
        finally
        {
            await ExecuteAsync(Servers.ConnectionString, "UPDATE ledger_environment SET environment = 'test'");
        }

        await ExecuteAsync(Servers.ConnectionString, Messaging.Ledger.Operations.LedgerReset.WipeSql);
        Assert.Equal(0, await Ledger.EntriesAsync());
    }

    private async Task SeedOneEntryAsync()
    {
        await using var processor = await InProcessProcessor.StartAsync(Servers);
        await Broker.PublishJsonAsync("order-completed", Orders.Json("o-1", "u-1", 100m, "USD"), Guid.NewGuid());
        await Eventually.HoldsAsync(
            async () => await Ledger.BalanceAsync("u-1") == 250,
            TimeSpan.FromSeconds(30),
            "the order applied by the processor's role"
        );
    }

    private string ForRunDatabase(string login) =>
        new NpgsqlConnectionStringBuilder(login) { Database = Servers.DatabaseName }.ConnectionString;

    private static async Task ExecuteAsync(string connectionString, string sql)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var transaction = await connection.BeginTransactionAsync();
        await using var command = new NpgsqlCommand(sql, connection, transaction);
        await command.ExecuteNonQueryAsync();
        await transaction.CommitAsync();
    }
}
