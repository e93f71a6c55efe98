using System.Text.Json;
using Messaging.Admin;
using Messaging.IntegrationTests.Infrastructure;

namespace Messaging.IntegrationTests.Admin;

/// <summary>The admin tool's dead-letter commands against real poison messages in the processor's error queue.</summary>
[Collection(ServersCollection.Name)]
public sealed class DeadLetterCliTests(ServersFixture servers) : ProcessorTest(servers)
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task Should_list_and_show_a_message_dead_lettered_for_an_unknown_currency()
    {
        var messageId = await DeadLetterAsync(Orders.Json("o-1", "u-1", 10m, "XYZ"));

        var (listCode, listOutput, _) = await RunAsync("dlq", "list", "--json");
        var (showCode, showOutput, _) = await RunAsync("dlq", "show", "--json");

        Assert.Equal(ExitCodes.Ok, listCode);
        var queue = Assert.Single(JsonDocument.Parse(listOutput).RootElement.GetProperty("queues").EnumerateArray(),
            q => q.GetProperty("queue").GetString() == Orders.ErrorQueue);
        Assert.Equal(1, queue.GetProperty("messages").GetInt64());
        var group = Assert.Single(queue.GetProperty("groups").EnumerateArray());
        Assert.Equal(1, group.GetProperty("count").GetInt32());
        Assert.Contains("currency 'XYZ'", group.GetProperty("reason").GetString(), StringComparison.Ordinal);

        Assert.Equal(ExitCodes.Ok, showCode);
        var shown = Assert.Single(JsonDocument.Parse(showOutput).RootElement.GetProperty("messages").EnumerateArray());
        Assert.Equal(messageId.ToString(), shown.GetProperty("messageId").GetString());
        Assert.Equal(Orders.Queue, shown.GetProperty("sourceQueue").GetString());
        Assert.Contains("is not configured", shown.GetProperty("reason").GetString(), StringComparison.Ordinal);
        Assert.NotEqual(JsonValueKind.Null, shown.GetProperty("firstFailedAt").ValueKind);
        Assert.Contains("\"currency\":\"XYZ\"", shown.GetProperty("body").GetString(), StringComparison.Ordinal);

        var (_, text, _) = await RunAsync("dlq", "show");
        Assert.Contains($"message {messageId}", text, StringComparison.Ordinal);
        Assert.Contains("currency 'XYZ' is not configured", text, StringComparison.Ordinal);

        // Reading removed nothing.
        Assert.Equal(1u, await Broker.CountAsync(Orders.ErrorQueue));
    }

    [Fact]
    public async Task Should_replay_once_the_cause_is_fixed_and_apply_the_order_exactly_once()
    {
        await DeadLetterAsync(Orders.Json("o-1", "u-1", 10m, "XYZ"));

        await using (await InProcessProcessor.StartAsync(Servers, new Dictionary<string, string?> { ["Earning:PointsPerUnit:XYZ"] = "1" }))
        {
            var (code, output, error) = await RunAsync("dlq", "replay", "--yes");
            Assert.True(code == ExitCodes.Ok, error);
            Assert.Contains($"replayed 1 message(s) from {Orders.ErrorQueue} to {Orders.Queue}", output, StringComparison.Ordinal);
            await Eventually.HoldsAsync(async () => await Ledger.EntriesAsync("order:o-1") == 1 && await Broker.CountAsync(Orders.Queue) == 0,
                Timeout, "the replayed order applied");

            var (again, againOutput, _) = await RunAsync("dlq", "replay", "--yes");
            Assert.Equal(ExitCodes.Ok, again);
            Assert.Contains("replayed 0 message(s)", againOutput, StringComparison.Ordinal);
            await Task.Delay(TimeSpan.FromSeconds(1));
        }

        Assert.Equal(1, await Ledger.EntriesAsync("order:o-1"));
        Assert.Equal(0u, await Broker.CountAsync(Orders.ErrorQueue));
        Assert.Equal(0u, await Broker.CountAsync(Orders.Queue));
        Assert.Empty(await Ledger.ViolationsAsync());
        Assert.Equal(1, await Ledger.ScalarAsync("SELECT count(*) FROM operator_actions WHERE action = 'dlq-replay' AND outcome = 'replayed 1 message(s)'"));
        Assert.Equal(1, await Ledger.ScalarAsync("SELECT count(*) FROM operator_actions WHERE action = 'dlq-replay' AND outcome = 'replayed 0 message(s)'"));
    }

    [Fact]
    public async Task Should_change_nothing_on_a_dry_run()
    {
        var messageId = await DeadLetterAsync(Orders.Json("o-1", "u-1", 10m, "XYZ"));

        var (code, output, _) = await RunAsync("dlq", "replay", "--dry-run");

        Assert.Equal(ExitCodes.Ok, code);
        Assert.Contains($"would replay {messageId}", output, StringComparison.Ordinal);
        Assert.Contains($"would replay 1 message(s) from {Orders.ErrorQueue} to {Orders.Queue}", output, StringComparison.Ordinal);
        Assert.Equal(1u, await Broker.CountAsync(Orders.ErrorQueue));
        Assert.Equal(0u, await Broker.CountAsync(Orders.Queue));
    }

    [Fact]
    public async Task Should_replay_only_the_messages_matching_the_reason_and_keep_the_others()
    {
        Guid currencyId;
        await using (await InProcessProcessor.StartAsync(Servers))
        {
            currencyId = Guid.NewGuid();
            await Broker.PublishJsonAsync(Orders.Exchange, Orders.Json("o-1", "u-1", 10m, "XYZ"), currencyId);
            await Broker.PublishJsonAsync(Orders.Exchange, Orders.Json("o-2", "u-1", -5m), Guid.NewGuid());
            await Eventually.HoldsAsync(async () => await Broker.CountAsync(Orders.ErrorQueue) == 2, Timeout, "both poison messages in the error queue");
        }

        var (code, output, error) = await RunAsync("dlq", "replay", "--reason", "currency", "--yes");

        Assert.True(code == ExitCodes.Ok, error);
        Assert.Contains($"replayed 1 message(s) from {Orders.ErrorQueue} to {Orders.Queue}", output, StringComparison.Ordinal);
        Assert.Equal(1u, await Broker.CountAsync(Orders.ErrorQueue));
        var (_, showOutput, _) = await RunAsync("dlq", "show", "--json");
        var left = Assert.Single(JsonDocument.Parse(showOutput).RootElement.GetProperty("messages").EnumerateArray());
        Assert.Contains("is negative", left.GetProperty("reason").GetString(), StringComparison.Ordinal);

        // The replayed message is the original: same id and body, without the fault headers.
        var replayed = Assert.Single(await Broker.DrainAsync(Orders.Queue));
        Assert.Equal(currencyId.ToString(), replayed.MessageId);
        Assert.Equal(Orders.Json("o-1", "u-1", 10m, "XYZ"), replayed.Body);
        Assert.DoesNotContain(replayed.Headers.Keys, k => k.StartsWith("MT-Fault-", StringComparison.Ordinal) || k == "MT-Reason");
    }

    [Fact]
    public async Task Should_refuse_to_replay_more_than_ten_messages_without_yes()
    {
        await using (await InProcessProcessor.StartAsync(Servers))
        {
            for (var i = 0; i < 11; i++)
            {
                await Broker.PublishJsonAsync(Orders.Exchange, Orders.Json($"o-{i}", "u-1", 10m, "XYZ"), Guid.NewGuid());
            }

            await Eventually.HoldsAsync(async () => await Broker.CountAsync(Orders.ErrorQueue) == 11, Timeout, "11 poison messages in the error queue");
        }

        var (code, _, error) = await RunAsync("dlq", "replay");
        var (limited, output, _) = await RunAsync("dlq", "replay", "--limit", "2");

        Assert.Equal(ExitCodes.Usage, code);
        Assert.Contains("11 message(s) would be replayed", error, StringComparison.Ordinal);
        Assert.Contains("--yes", error, StringComparison.Ordinal);
        Assert.Equal(ExitCodes.Ok, limited);
        Assert.Contains("replayed 2 message(s)", output, StringComparison.Ordinal);
        Assert.Equal(9u, await Broker.CountAsync(Orders.ErrorQueue));
        Assert.Equal(2u, await Broker.CountAsync(Orders.Queue));
    }

    [Fact]
    public async Task Should_exit_4_for_an_unknown_queue_and_3_when_the_broker_is_unreachable()
    {
        var (notFound, _, notFoundError) = await RunAsync("dlq", "show", "--queue", "no-such-queue_error");
        var (unreachable, _, unreachableError) = await RunAsync("dlq", "list", "--rabbit-host", "127.0.0.2");
        var (refused, _, refusedError) = await RunAsync("dlq", "list", "--rabbit-password", "wrong");
        var (noVhost, _, noVhostError) = await RunAsync("dlq", "list", "--rabbit-vhost", "no-such-vhost");

        Assert.Equal(ExitCodes.NotFound, notFound);
        Assert.Contains("No dead-letter queue 'no-such-queue_error'", notFoundError, StringComparison.Ordinal);
        Assert.Equal(ExitCodes.Unreachable, unreachable);
        Assert.Contains("eng/servers.sh up", unreachableError, StringComparison.Ordinal);
        Assert.Equal(ExitCodes.Unreachable, refused);
        Assert.Contains("--rabbit-password", refusedError, StringComparison.Ordinal);
        Assert.Equal(ExitCodes.NotFound, noVhost);
        Assert.Contains("--rabbit-vhost", noVhostError, StringComparison.Ordinal);
    }

    private async Task<Guid> DeadLetterAsync(string json)
    {
        var messageId = Guid.NewGuid();
        await using (await InProcessProcessor.StartAsync(Servers))
        {
            await Broker.PublishJsonAsync(Orders.Exchange, json, messageId);
            await Eventually.HoldsAsync(async () => await Broker.CountAsync(Orders.ErrorQueue) == 1, Timeout, "the poison message in the error queue");
        }

        return messageId;
    }

    private async Task<(int Code, string Output, string Error)> RunAsync(params string[] args)
    {
        using var output = new StringWriter();
        using var error = new StringWriter();
        string[] settings = ["--rabbit-user", TestSettings.RabbitUser];
        if (!args.Contains("--rabbit-vhost"))
        {
            settings = [.. settings, "--rabbit-vhost", Servers.VirtualHost];
        }

        if (!args.Contains("--rabbit-host"))
        {
            settings = [.. settings, "--rabbit-host", TestSettings.RabbitHost];
        }

        if (!args.Contains("--rabbit-password"))
        {
            settings = [.. settings, "--rabbit-password", TestSettings.RabbitPassword];
        }

        var code = await AdminApp.RunAsync([.. args, .. settings, "--connection", Servers.ConnectionString], output, error);
        return (code, output.ToString(), error.ToString());
    }
}
