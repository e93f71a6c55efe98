using System.Text.RegularExpressions;
using Messaging.Admin;
using Messaging.IntegrationTests.Attendance;

namespace Messaging.IntegrationTests.Admin;

/// <summary>
/// A full backup carries every ledger table: after backup, wipe and restore, every CLI read shows the same figures and
/// the audit the same result, for a ledger with orders, a redemption with its hold and voucher, attendance with streaks
/// and badges, a token quota month, a refusal, a tenant and the reward catalog.
/// </summary>
[Collection(OperatorsCollection.Name)]
public sealed partial class BackupRoundTripTests(ServersFixture servers) : ProcessorTest(servers)
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(30);

    private static readonly string[][] Reads =
    [
        ["balance", "alice"],
        ["balance", "bob"],
        ["history", "alice"],
        ["summary"],
        ["report", "earned", "--by", "week"],
        ["redemptions", "alice"],
        ["streak", "alice"],
        ["badges", "alice"],
        ["leaderboard", "--period", "all"],
        ["quota", "alice"],
        ["tenants"],
        ["rewards", "list"],
        ["audit"],
    ];

    [Fact]
    public async Task Should_show_the_same_figures_on_every_read_and_the_same_audit_after_backup_wipe_and_restore()
    {
        await Ledger.RegisterTenantAsync("acme");
        await RedemptionMessages.AddRewardAsync(Servers.DataSource, "coffee", 100, stock: 5, validityDays: 30);
        var outcomes = await Broker.SubscribeOutcomesAsync();
        await using (await InProcessProcessor.StartAsync(Servers))
        {
            await Broker.PublishJsonAsync(Orders.Exchange, Orders.Json("o-1", "alice", 50m), Guid.NewGuid());
            await Broker.PublishJsonAsync(Orders.Exchange, Orders.Json("o-2", "bob", 20m), Guid.NewGuid());
            await Broker.PublishJsonAsync(
                AttendanceMessages.Exchange,
                AttendanceMessages.Attended("e-1", "alice", "talk", AttendanceMessages.Week(45)),
                Guid.NewGuid()
            );
            await Broker.PublishJsonAsync(
                AttendanceMessages.Exchange,
                AttendanceMessages.Attended("e-2", "alice", "workshop", AttendanceMessages.Week(46)),
                Guid.NewGuid()
            );
            await Broker.PublishJsonAsync(
                "tokens-deduct-requested",
                """{"usageId":"u-1","userId":"alice","feature":"search","amount":10,"occurredAt":"2026-11-27T10:00:00Z"}""",
                Guid.NewGuid()
            );
            await Broker.PublishJsonAsync(
                "tokens-deduct-requested",
                """{"usageId":"u-2","userId":"alice","feature":"search","amount":100000,"occurredAt":"2026-11-27T10:00:00Z"}""",
                Guid.NewGuid()
            );
            await Eventually.HoldsAsync(
                async () =>
                    await Ledger.BalanceAsync("alice") > 200
                    && await Ledger.EntriesOfTypeAsync("tokens_deducted") == 1
                    && await Ledger.ScalarAsync("SELECT count(*) FROM ledger_refusals") == 1,
                Timeout,
                "the orders, attendances, the deduction and the refused one applied"
            );

            var redeemed = Guid.NewGuid();
            await Broker.RequestAsync(redeemed, "alice", "coffee", expectedPoints: 100);
            var refused = Guid.NewGuid();
            await Broker.RequestAsync(refused, "bob", "coffee", expectedPoints: 250);
            Assert.Equal(RedemptionMessages.Completed, (await outcomes.AwaitAsync(redeemed, Timeout)).Exchange);
            Assert.NotEqual(RedemptionMessages.Completed, (await outcomes.AwaitAsync(refused, Timeout)).Exchange);
        }

        var before = await ReadAllAsync();
        var file = Path.Combine(Path.GetTempPath(), $"ledger-full-backup-{Guid.NewGuid():N}.json");
        try
        {
            var (created, _, createError) = await RunAsync("backup", "create", file);
            Assert.True(created == ExitCodes.Ok, createError);
            await Servers.ResetAsync();
            Assert.Equal(0, await Ledger.BalanceAsync("alice"));

            var (restored, output, error) = await RunAsync("backup", "restore", file, "--yes");
            Assert.True(restored == ExitCodes.Ok, error);
            Assert.Contains("ledger_holds 1", output, StringComparison.Ordinal);
            var after = await ReadAllAsync();
            foreach (var (read, text) in before)
            {
                Assert.True(text == after[read], $"`{read}` reads differently after the restore.\nbefore: {text}\nafter:  {after[read]}");
            }

            // Restoring again changes nothing.
            var (again, againOutput, _) = await RunAsync("backup", "restore", file, "--yes");
            Assert.Equal(ExitCodes.Ok, again);
            Assert.Contains("restored 0 entries; recorded", againOutput, StringComparison.Ordinal);
            Assert.Equal(before["audit"], (await ReadAllAsync())["audit"]);
        }
        finally
        {
            File.Delete(file);
        }
    }

    /// <summary>
    /// Every read's JSON, with the numbers a restore gives afresh left out: row ids, and the inbox's size (its window of
    /// message ids is not backed up: a restored ledger recognises a redelivered message by its business key).
    /// </summary>
    private async Task<Dictionary<string, string>> ReadAllAsync()
    {
        var reads = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var read in Reads)
        {
            var (code, output, error) = await RunAsync([.. read, "--json"]);
            Assert.True(code is ExitCodes.Ok, $"{string.Join(' ', read)}: exit {code}: {error}");
            reads[string.Join(' ', read)] = Volatile().Replace(output, "\"$1\": _");
        }

        return reads;
    }

    private Task<(int Code, string Output, string Error)> RunAsync(params string[] args) => OperatorCli.RunAsync(Servers, args);

    [GeneratedRegex("\"(id|entryId|journalEntryId|inboxSize)\": [^,\\n}]+")]
    private static partial Regex Volatile();
}
