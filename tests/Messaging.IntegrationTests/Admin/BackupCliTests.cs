using Messaging.Admin;
using Messaging.Ledger.Writing;

namespace Messaging.IntegrationTests.Admin;

/// <summary>Backup, wipe, restore against a real ledger.</summary>
[Collection(OperatorsCollection.Name)]
public sealed class BackupCliTests(ServersFixture servers) : IAsyncLifetime
{
    private readonly string _file = Path.Combine(Path.GetTempPath(), $"ledger-backup-{Guid.NewGuid():N}.json");
    private readonly LedgerProbe _ledger = new(servers.DataSource);

    public async Task InitializeAsync()
    {
        await servers.ResetAsync();
        await using var connection = await servers.DataSource.OpenConnectionAsync();
        await using var transaction = await connection.BeginTransactionAsync();
        await new LedgerBatchWriter().ApplyAsync(
            connection,
            [Entries.Earn("o-1", "alice", 120), Entries.Earn("o-2", "bob", 30), Entries.Earn("o-3", "alice", 5)],
            CancellationToken.None
        );
        await transaction.CommitAsync();
    }

    public Task DisposeAsync()
    {
        File.Delete(_file);
        return Task.CompletedTask;
    }

    [Fact]
    public async Task Should_restore_identical_balances_into_an_empty_ledger_and_change_nothing_the_second_time()
    {
        Assert.Equal(ExitCodes.Ok, (await RunAsync("backup", "create", _file)).Code);
        Assert.Equal(ExitCodes.Ok, (await RunAsync("backup", "verify", _file)).Code);
        await servers.ResetAsync();
        Assert.Equal(0, await _ledger.BalanceAsync("alice"));

        var (planCode, planOutput, _) = await RunAsync("backup", "restore", _file);
        var afterPlan = await _ledger.EntriesAsync();
        var (code, output, error) = await RunAsync("backup", "restore", _file, "--yes");
        var (againCode, againOutput, _) = await RunAsync("backup", "restore", _file, "--yes");
        var (jsonCode, jsonOutput, _) = await RunAsync("backup", "restore", _file, "--yes", "--json");
        var (auditCode, _, _) = await RunAsync("audit");

        Assert.Equal(ExitCodes.Ok, planCode);
        Assert.Contains("3 entries to restore, 0 already present", planOutput, StringComparison.Ordinal);
        Assert.Equal(0, afterPlan);
        Assert.True(code == ExitCodes.Ok, error);
        Assert.Contains("restored 3 entries", output, StringComparison.Ordinal);
        Assert.Equal(ExitCodes.Ok, againCode);
        Assert.Contains("0 entries to restore, 3 already present", againOutput, StringComparison.Ordinal);
        Assert.Equal(ExitCodes.Ok, jsonCode);
        var report = System.Text.Json.JsonDocument.Parse(jsonOutput).RootElement;
        Assert.Equal(3, report.GetProperty("plan").GetProperty("alreadyPresent").GetInt32());
        Assert.Equal(0, report.GetProperty("restored").GetInt32());
        Assert.Equal(125, await _ledger.BalanceAsync("alice"));
        Assert.Equal(30, await _ledger.BalanceAsync("bob"));
        Assert.Equal(3, await _ledger.EntriesAsync());
        Assert.Equal(ExitCodes.Ok, auditCode);
        Assert.Equal(3, await _ledger.ScalarAsync("SELECT count(*) FROM operator_actions WHERE action = 'backup-restore'"));
    }

    [Fact]
    public async Task Should_refuse_a_backup_whose_contents_were_changed()
    {
        Assert.Equal(ExitCodes.Ok, (await RunAsync("backup", "create", _file, "--user", "bob")).Code);
        var lines = await File.ReadAllLinesAsync(_file);
        lines[1] = lines[1]
            .Replace("\"amount\":30", "\"amount\":31", StringComparison.Ordinal)
            .Replace("\"amount\":-30", "\"amount\":-31", StringComparison.Ordinal);
        await File.WriteAllLinesAsync(_file, lines);

        var (code, _, error) = await RunAsync("backup", "verify", _file);
        var (restoreCode, _, _) = await RunAsync("backup", "restore", _file, "--yes");

        Assert.Equal(ExitCodes.InvalidBackup, code);
        Assert.Contains("Checksum mismatch", error, StringComparison.Ordinal);
        Assert.Equal(ExitCodes.InvalidBackup, restoreCode);
        Assert.Equal(30, await _ledger.BalanceAsync("bob"));
    }

    private async Task<(int Code, string Output, string Error)> RunAsync(params string[] args)
    {
        using var output = new StringWriter();
        using var error = new StringWriter();
        var code = await AdminApp.RunAsync([.. args, "--connection", servers.OperatorConnectionString], output, error);
        return (code, output.ToString(), error.ToString());
    }
}
