using Messaging.Ledger.Accounts;
using Messaging.Ledger.Journal;
using Messaging.Ledger.Writing;
using Npgsql;

namespace Messaging.IntegrationTests.Ledger;

/// <summary>Accounts carry a tenant: the default one for every account the single-tenant flows open, another when asked.</summary>
[Collection(ProcessingCollection.Name)]
public sealed class AccountTenantTests(ServersFixture servers) : IAsyncLifetime
{
    public Task InitializeAsync() => servers.ResetAsync();

    public Task DisposeAsync() => Task.CompletedTask;

    [Fact]
    public async Task Should_open_accounts_in_the_default_tenant_unless_the_reference_names_another()
    {
        var acme = AccountRef.UserWallet("u-acme") with { TenantId = "acme" };
        await ApplyAsync(
            Entries.Earn("o-1", "u-1", 10),
            new LedgerWrite(
                EntryDraft.Transfer(
                    "order:o-2",
                    EntryTypes.OrderEarned,
                    "acme order",
                    PayloadHash.Of("o-2"),
                    DateTimeOffset.UtcNow,
                    AccountRef.IssuanceOf(Issuers.Orders),
                    acme,
                    20
                ),
                []
            )
        );

        Assert.Equal(AccountRef.DefaultTenant, await TenantOfAsync("user:u-1:wallet"));
        Assert.Equal(AccountRef.DefaultTenant, await TenantOfAsync(AccountRef.IssuanceOf(Issuers.Orders).Code));
        Assert.Equal("acme", await TenantOfAsync(acme.Code));
    }

    [Fact]
    public async Task Should_refuse_an_account_without_a_tenant()
    {
        await using var command = servers.DataSource.CreateCommand(
            "INSERT INTO accounts (code, tenant_id, kind, owner_id, allow_negative) VALUES ('user:x:wallet', '', 'user_wallet', 'x', false)"
        );

        var error = await Assert.ThrowsAsync<PostgresException>(() => command.ExecuteNonQueryAsync());

        Assert.Equal(PostgresErrorCodes.CheckViolation, error.SqlState);
        Assert.Equal("ck_accounts_tenant_id_not_empty", error.ConstraintName);
    }

    private async Task ApplyAsync(params LedgerWrite[] commands)
    {
        await using var connection = await servers.DataSource.OpenConnectionAsync();
        await using var transaction = await connection.BeginTransactionAsync();
        await new LedgerBatchWriter().ApplyAsync(connection, commands, CancellationToken.None);
        await transaction.CommitAsync();
    }

    private async Task<string?> TenantOfAsync(string code)
    {
        await using var command = servers.DataSource.CreateCommand("SELECT tenant_id FROM accounts WHERE code = @code");
        command.Parameters.AddWithValue("code", code);
        return (string?)await command.ExecuteScalarAsync();
    }
}
