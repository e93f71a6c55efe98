using System.Text.Json;
using Messaging.Admin;

namespace Messaging.IntegrationTests.Chain;

/// <summary>
/// The processor announces the chain's head once a UTC day (LedgerCheckpoint, issue 28): one message however many times it looks, the
/// link the ledger holds, and recorded, so that a tail cut off afterwards is found by `audit --chain` even without the message.
/// </summary>
[Collection(FeaturesCollection.Name)]
public sealed class LedgerCheckpointTests(ServersFixture servers) : ProcessorTest(servers)
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task Should_announce_the_head_once_a_day_and_find_the_tail_cut_off_after_it()
    {
        await Entries.ApplyAsync(Servers.DataSource, Entries.Earn("k-1", "kim", 10), Entries.Earn("k-2", "kim", 20));
        await Entries.ApplyAsync(Servers.DataSource, Entries.Earn("k-3", "lee", 5));
        var checkpoints = await Broker.SubscribeAsync("ledger-checkpoint");

        await using (
            var processor = await InProcessProcessor.StartAsync(
                Servers,
                new Dictionary<string, string?> { ["Chain:CheckpointInterval"] = "00:00:00.200" }
            )
        )
        {
            await Eventually.HoldsAsync(async () => await Broker.CountAsync(checkpoints) == 1, Timeout, "LedgerCheckpoint");

            // Several more looks the same day: nothing more is announced.
            await Task.Delay(TimeSpan.FromSeconds(1));
        }

        var announced = JsonDocument.Parse(Assert.Single(await Broker.DrainAsync(checkpoints)).Body).RootElement;
        var (_, audit, _) = await RunAsync("audit", "--chain", "--json");
        var head = JsonDocument.Parse(audit).RootElement.GetProperty("chain").GetProperty("head");
        Assert.Equal(
            (3L, head.GetProperty("journalEntryId").GetInt64(), head.GetProperty("hash").GetString()),
            (
                announced.GetProperty("sequence").GetInt64(),
                announced.GetProperty("journalEntryId").GetInt64(),
                announced.GetProperty("hash").GetString()
            )
        );
        Assert.Equal(DateOnly.FromDateTime(DateTime.UtcNow).ToString("yyyy-MM-dd"), announced.GetProperty("day").GetString());
        Assert.Equal(1, await Ledger.ScalarAsync("SELECT count(*) FROM ledger_checkpoints"));
        var (keptCode, _, keptError) = await RunAsync("audit", "--checkpoint", $"3:{announced.GetProperty("hash").GetString()}");
        Assert.True(keptCode == ExitCodes.Ok, keptError);

        // The owner's login cuts the last entry off, link and all.
        await ChainTampering.CutOffNewestAsync(Servers.DataSource, "order:k-3");

        var (code, output, _) = await RunAsync("audit", "--chain");

        Assert.Equal(ExitCodes.Discrepancies, code);
        Assert.Contains("DISCREPANCY [chain_checkpoint] checkpoint 3:", output, StringComparison.Ordinal);
        Assert.Contains("the chain ends at link 2, before the checkpoint's link 3", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Should_announce_nothing_on_an_empty_journal_and_keep_the_day_for_its_first_entry()
    {
        var checkpoints = await Broker.SubscribeAsync("ledger-checkpoint");

        await using var processor = await InProcessProcessor.StartAsync(
            Servers,
            new Dictionary<string, string?> { ["Chain:CheckpointInterval"] = "00:00:00.200" }
        );
        // Several looks at an empty journal: no head, so nothing to announce, and the day is not used up.
        await Task.Delay(TimeSpan.FromSeconds(1.5));
        var beforeAnyEntry = await Broker.CountAsync(checkpoints);
        var recordedBeforeAnyEntry = await Ledger.ScalarAsync("SELECT count(*) FROM ledger_checkpoints");
        await Entries.ApplyAsync(Servers.DataSource, Entries.Earn("e-1", "eve", 10));
        await Eventually.HoldsAsync(async () => await Broker.CountAsync(checkpoints) == 1, Timeout, "the first entry's LedgerCheckpoint");

        Assert.Equal(0u, beforeAnyEntry);
        Assert.Equal(0, recordedBeforeAnyEntry);
        var announced = JsonDocument.Parse(Assert.Single(await Broker.DrainAsync(checkpoints)).Body).RootElement;
        Assert.Equal(1, announced.GetProperty("sequence").GetInt64());
    }

    private async Task<(int Code, string Output, string Error)> RunAsync(params string[] args)
    {
        using var output = new StringWriter();
        using var error = new StringWriter();
        var code = await AdminApp.RunAsync([.. args, "--connection", Servers.OperatorConnectionString], output, error);
        return (code, output.ToString(), error.ToString());
    }
}
