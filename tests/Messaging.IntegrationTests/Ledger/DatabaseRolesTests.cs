using Messaging.IntegrationTests.Infrastructure;
using Npgsql;

namespace Messaging.IntegrationTests.Ledger;

/// <summary>
/// Least privilege in the database: the processor's role (ledger_runtime) writes history but can never rewrite it, alter a
/// table or switch the triggers that guard it off; the reader only reads; the operator repairs and resets but does not
/// own the schema either. Every processor test runs as the runtime role too (<see cref="ServersFixture.ProcessorConnectionString"/>),
/// which is what shows the processor needs no more.
/// </summary>
[Collection(ServersCollection.Name)]
public sealed class DatabaseRolesTests(ServersFixture servers) : ProcessorTest(servers)
{
    public static TheoryData<string, string> RefusedToRuntime() => new()
    {
        { "update a posting", "UPDATE postings SET amount = amount + 1" },
        { "delete an entry", "DELETE FROM journal_entries" },
        { "move a balance", "UPDATE accounts SET balance = balance + 1" },
        { "move a balance with the repair switch on", "SET ledger.repair_balances = 'on'; UPDATE accounts SET balance = balance + 1, total_credited = total_credited + 1" },
        { "open an account with points in it", "INSERT INTO accounts (code, kind, owner_id, allow_negative, balance, total_credited) VALUES ('user:rich:wallet', 'user_wallet', 'rich', false, 1000, 1000)" },
        { "empty the postings", "TRUNCATE postings" },
        { "switch the immutability trigger off", "ALTER TABLE postings DISABLE TRIGGER trg_postings_immutable" },
        { "switch every trigger off", "ALTER TABLE journal_entries DISABLE TRIGGER ALL" },
        { "alter a table", "ALTER TABLE accounts DROP CONSTRAINT ck_accounts_not_negative" },
        { "replace the balance trigger's function", "CREATE OR REPLACE FUNCTION ledger_postings_apply() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RETURN NULL; END $$" },
        { "edit the operator log", "INSERT INTO operator_actions (operator, action, outcome) VALUES ('me', 'repair', 'nothing to see')" },
    };

    [Theory]
    [MemberData(nameof(RefusedToRuntime))]
    public async Task Should_refuse_the_processors_role_when_it_tries_to(string what, string sql)
    {
        await SeedOneEntryAsync();

        var refused = await Assert.ThrowsAsync<PostgresException>(() => ExecuteAsync(Servers.ProcessorConnectionString, sql));

        Assert.True(refused.SqlState == PostgresErrorCodes.InsufficientPrivilege, $"{what}: expected permission denied (42501), got {refused.SqlState}: {refused.MessageText}");
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

        var refused = await Assert.ThrowsAsync<PostgresException>(() => ExecuteAsync(reader, "INSERT INTO ledger_refusals (consumer_id, idempotency_key, reason_code, reason, payload) VALUES ('x', 'x', 'x', 'x', '{}')"));
        Assert.Equal(PostgresErrorCodes.InsufficientPrivilege, refused.SqlState);
    }

    [Fact]
    public async Task Should_let_the_operator_repair_and_reset_but_not_switch_triggers_off()
    {
        await SeedOneEntryAsync();
        var operatorLogin = ForRunDatabase(TestSettings.OperatorConnectionString);

        // Repair: cached balances may be rewritten only with the audited repair switch, as `repair` does.
        await ExecuteAsync(operatorLogin, "SET ledger.repair_balances = 'on'; UPDATE accounts SET last_credited_at = now() WHERE code = 'user:u-1:wallet'");
        var disable = await Assert.ThrowsAsync<PostgresException>(() => ExecuteAsync(operatorLogin, "ALTER TABLE postings DISABLE TRIGGER trg_postings_immutable"));
        Assert.Equal(PostgresErrorCodes.InsufficientPrivilege, disable.SqlState);
        var rewrite = await Assert.ThrowsAsync<PostgresException>(() => ExecuteAsync(operatorLogin, "UPDATE postings SET amount = amount + 1"));
        Assert.Equal(PostgresErrorCodes.InsufficientPrivilege, rewrite.SqlState);

        await ExecuteAsync(operatorLogin, Messaging.Ledger.Operations.LedgerReset.WipeSql);
        Assert.Equal(0, await Ledger.EntriesAsync());
    }

    private async Task SeedOneEntryAsync()
    {
        await using var processor = await InProcessProcessor.StartAsync(Servers);
        await Broker.PublishJsonAsync("order-completed", Orders.Json("o-1", "u-1", 100m, "USD"), Guid.NewGuid());
        await Eventually.HoldsAsync(async () => await Ledger.BalanceAsync("u-1") == 250, TimeSpan.FromSeconds(30), "the order applied by the processor's role");
    }

    private string ForRunDatabase(string login) => new NpgsqlConnectionStringBuilder(login) { Database = Servers.DatabaseName }.ConnectionString;

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
