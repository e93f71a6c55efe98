using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using Messaging.Admin;
using RabbitMQ.Client;

namespace Messaging.IntegrationTests.Admin;

/// <summary>The admin tool's dead-letter commands against real poison messages in the processor's error queue.</summary>
[Collection(OperatorsCollection.Name)]
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
        var queue = Assert.Single(JsonDocument.Parse(listOutput).RootElement.GetProperty("queues").EnumerateArray(), q =>
            q.GetProperty("queue").GetString() == Orders.ErrorQueue
        );
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
            await Eventually.HoldsAsync(
                async () => await Ledger.EntriesAsync("order:o-1") == 1 && await Broker.CountAsync(Orders.Queue) == 0,
                Timeout,
                "the replayed order applied"
            );

            var (again, againOutput, _) = await RunAsync("dlq", "replay", "--yes");
            Assert.Equal(ExitCodes.Ok, again);
            Assert.Contains("replayed 0 message(s)", againOutput, StringComparison.Ordinal);

            // A second application would come from a redelivery, whose absence has no signal: give it a moment to show.
            await Task.Delay(TimeSpan.FromSeconds(1));
        }

        Assert.Equal(1, await Ledger.EntriesAsync("order:o-1"));
        Assert.Equal(0u, await Broker.CountAsync(Orders.ErrorQueue));
        Assert.Equal(0u, await Broker.CountAsync(Orders.Queue));
        Assert.Empty(await Ledger.ViolationsAsync());
        Assert.Equal(
            1,
            await Ledger.ScalarAsync(
                "SELECT count(*) FROM operator_actions WHERE action = 'dlq-replay' AND outcome = 'replayed 1 message(s)'"
            )
        );
        Assert.Equal(
            1,
            await Ledger.ScalarAsync(
                "SELECT count(*) FROM operator_actions WHERE action = 'dlq-replay' AND outcome = 'replayed 0 message(s)'"
            )
        );
    }

    [Fact]
    public async Task Should_retry_an_edited_copy_once_and_let_the_ledger_refuse_the_original_if_it_ever_comes_back()
    {
        var messageId = await DeadLetterAsync(Orders.Json("o-1", "u-1", 10m, "XYZ"));

        var (previewCode, preview, previewError) = await RunAsync(
            "dlq",
            "edit",
            messageId.ToString(),
            "--set",
            "currency=USD",
            "--dry-run"
        );
        Assert.True(previewCode == ExitCodes.Ok, previewError);
        Assert.Contains("currency: \"XYZ\" -> \"USD\"", preview, StringComparison.Ordinal);
        Assert.Contains("verdict: would apply", preview, StringComparison.Ordinal);
        Assert.Equal(1u, await Broker.CountAsync(Orders.ErrorQueue));

        // The operator's tool may not change what an order credits, nor its key.
        var (amountCode, _, amountError) = await RunAsync("dlq", "edit", messageId.ToString(), "--set", "amount=1000");
        Assert.Equal(ExitCodes.Refused, amountCode);
        Assert.Contains(
            "'amount' says how many points OrderCompleted moves or whose account receives them",
            amountError,
            StringComparison.Ordinal
        );
        var (keyCode, _, keyError) = await RunAsync("dlq", "edit", messageId.ToString(), "--set", "orderId=o-2");
        Assert.Equal(ExitCodes.Usage, keyCode);
        Assert.Contains("'orderId' makes OrderCompleted's idempotency key", keyError, StringComparison.Ordinal);
        Assert.Equal(1u, await Broker.CountAsync(Orders.ErrorQueue));

        await using (await InProcessProcessor.StartAsync(Servers, new Dictionary<string, string?> { ["Earning:PointsPerUnit:XYZ"] = "1" }))
        {
            var (code, output, error) = await RunAsync("dlq", "edit", messageId.ToString(), "--set", "currency=USD", "--json");
            Assert.True(code == ExitCodes.Ok, error);
            var retriedAs = JsonDocument.Parse(output).RootElement.GetProperty("retriedAs").GetString();
            Assert.NotEqual(messageId.ToString(), retriedAs);
            await Eventually.HoldsAsync(
                async () => await Ledger.EntriesAsync("order:o-1") == 1 && await Broker.CountAsync(Orders.Queue) == 0,
                Timeout,
                "the corrected copy applied"
            );
            Assert.Equal(0u, await Broker.CountAsync(Orders.ErrorQueue));

            // Retrying again finds nothing: the original left the error queue with the first retry.
            var (again, _, againError) = await RunAsync("dlq", "edit", messageId.ToString(), "--set", "currency=USD");
            Assert.Equal(ExitCodes.NotFound, again);
            Assert.Contains("replayed, purged or edited already", againError, StringComparison.Ordinal);

            // Should the original ever come back (a producer's resend), XYZ now earns too: its key is taken with other content.
            await Broker.PublishJsonAsync(Orders.Exchange, Orders.Json("o-1", "u-1", 10m, "XYZ"), messageId);
            await Eventually.HoldsAsync(
                async () => await Broker.CountAsync(Orders.ErrorQueue) == 1,
                Timeout,
                "the original refused as a conflict"
            );
        }

        Assert.Equal(1, await Ledger.EntriesAsync("order:o-1"));
        Assert.Equal(160, await Ledger.BalanceAsync("u-1"));
        Assert.Equal(
            messageId.ToString(),
            await Ledger.TextAsync("SELECT parameters->>'original' FROM operator_actions WHERE action = 'dlq-edit'")
        );
        var (_, shown, _) = await RunAsync("dlq", "show", "--json");
        Assert.Contains(
            "idempotency",
            JsonDocument.Parse(shown).RootElement.GetProperty("messages")[0].GetProperty("reason").GetString(),
            StringComparison.OrdinalIgnoreCase
        );
        await Ledger.AssertAuditCleanAndConservedAsync();
    }

    [Fact]
    public async Task Should_apply_once_when_a_second_copy_is_replayed_after_the_inbox_window()
    {
        var messageId = Guid.NewGuid();
        await using (await InProcessProcessor.StartAsync(Servers))
        {
            await Broker.PublishJsonAsync(Orders.Exchange, Orders.Json("o-1", "u-1", 10m, "XYZ"), messageId);
            await Broker.PublishJsonAsync(Orders.Exchange, Orders.Json("o-1", "u-1", 10m, "XYZ"), messageId);
            await Eventually.HoldsAsync(
                async () => await Broker.CountAsync(Orders.ErrorQueue) == 2,
                Timeout,
                "both copies in the error queue"
            );
        }

        await using (await InProcessProcessor.StartAsync(Servers, new Dictionary<string, string?> { ["Earning:PointsPerUnit:XYZ"] = "1" }))
        {
            Assert.Equal(ExitCodes.Ok, (await RunAsync("dlq", "replay", "--limit", "1", "--yes")).Code);
            await Eventually.HoldsAsync(
                async () => await Ledger.EntriesAsync("order:o-1") == 1 && await Ledger.InboxAsync() == 1,
                Timeout,
                "the first copy applied"
            );

            // The inbox forgets the message id after its window; the order's idempotency key still holds.
            await Ledger.ScalarAsync("WITH gone AS (DELETE FROM inbox_state RETURNING 1) SELECT count(*) FROM gone");
            Assert.Equal(ExitCodes.Ok, (await RunAsync("dlq", "replay", "--yes")).Code);
            await Eventually.HoldsAsync(
                async () => await Ledger.InboxAsync() == 1 && await Broker.CountAsync(Orders.Queue) == 0,
                Timeout,
                "the second copy consumed"
            );
        }

        Assert.Equal(1, await Ledger.EntriesAsync("order:o-1"));
        Assert.Equal(160, await Ledger.BalanceAsync("u-1"));
        Assert.Equal(0u, await Broker.CountAsync(Orders.ErrorQueue));
    }

    [Fact]
    public async Task Should_change_nothing_on_a_dry_run()
    {
        var messageId = await DeadLetterAsync(Orders.Json("o-1", "u-1", 10m, "XYZ"));

        var (code, output, error) = await RunAsync("dlq", "replay", "--dry-run");

        Assert.True(code == ExitCodes.Ok, error);
        Assert.Contains($"would replay {messageId}", output, StringComparison.Ordinal);
        Assert.Contains($"would replay 1 message(s) from {Orders.ErrorQueue} to {Orders.Queue}", output, StringComparison.Ordinal);
        Assert.Equal(1u, await Broker.CountAsync(Orders.ErrorQueue));
        Assert.Equal(0u, await Broker.CountAsync(Orders.Queue));
    }

    [Fact]
    public async Task Should_replay_only_the_messages_matching_the_reason_and_keep_the_others()
    {
        var currencyId = await DeadLetterAsync(Orders.Json("o-1", "u-1", 10m, "XYZ"), Orders.Json("o-2", "u-1", -5m));

        var (code, output, error) = await RunAsync("dlq", "replay", "--reason", "currency", "--yes");

        Assert.True(code == ExitCodes.Ok, error);
        Assert.Contains($"replayed 1 message(s) from {Orders.ErrorQueue} to {Orders.Queue}", output, StringComparison.Ordinal);
        Assert.Equal(1u, await Broker.CountAsync(Orders.ErrorQueue));
        var (_, showOutput, _) = await RunAsync("dlq", "show", "--json");
        var left = Assert.Single(JsonDocument.Parse(showOutput).RootElement.GetProperty("messages").EnumerateArray());
        Assert.Contains("/amount must be at least 0, got a number (-5)", left.GetProperty("reason").GetString(), StringComparison.Ordinal);

        // The replayed message is the original: same id and body, without the fault headers.
        var replayed = Assert.Single(await Broker.DrainAsync(Orders.Queue));
        Assert.Equal(currencyId.ToString(), replayed.MessageId);
        Assert.Equal(Orders.Json("o-1", "u-1", 10m, "XYZ"), replayed.Body);
        Assert.DoesNotContain(replayed.Headers.Keys, k => k.StartsWith("MT-Fault-", StringComparison.Ordinal) || k == "MT-Reason");
    }

    [Fact]
    public async Task Should_replay_one_group_that_dlq_list_reported_and_keep_the_others()
    {
        await DeadLetterAsync(Orders.Json("o-1", "u-1", 10m, "XYZ"), Orders.Json("o-2", "u-2", 20m, "XYZ"), Orders.Json("o-3", "u-1", -5m));

        var (_, listOutput, _) = await RunAsync("dlq", "list", "--json");
        var groups = JsonDocument
            .Parse(listOutput)
            .RootElement.GetProperty("queues")
            .EnumerateArray()
            .Single(q => q.GetProperty("queue").GetString() == Orders.ErrorQueue)
            .GetProperty("groups")
            .EnumerateArray()
            .ToList();
        var currency = groups.Single(g => g.GetProperty("reason").GetString()!.Contains("XYZ", StringComparison.Ordinal));
        Assert.Equal(2, currency.GetProperty("count").GetInt32());

        var (code, output, error) = await RunAsync("dlq", "replay", "--group", currency.GetProperty("reason").GetString()!, "--yes");

        Assert.True(code == ExitCodes.Ok, error);
        Assert.Contains($"replayed 2 message(s) from {Orders.ErrorQueue} to {Orders.Queue}", output, StringComparison.Ordinal);
        Assert.Equal(1u, await Broker.CountAsync(Orders.ErrorQueue));
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

            await Eventually.HoldsAsync(
                async () => await Broker.CountAsync(Orders.ErrorQueue) == 11,
                Timeout,
                "11 poison messages in the error queue"
            );
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
    public async Task Should_show_a_page_say_how_to_ask_for_the_next_and_refuse_a_token_it_cannot_use()
    {
        await DeadLetterAsync(
            Orders.Json("o-1", "u-1", 10m, "XYZ"),
            Orders.Json("o-2", "u-1", 10m, "XYZ"),
            Orders.Json("o-3", "u-1", 10m, "XYZ")
        );

        var (firstCode, first, _) = await RunAsync("dlq", "show", "--limit", "2");
        var token = Regex.Match(first, "next page: --after (\\S+)").Groups[1].Value;
        var (lastCode, last, _) = await RunAsync("dlq", "show", "--limit", "2", "--after", token, "--json");
        var (noLimit, _, noLimitError) = await RunAsync("dlq", "show", "--after", token);
        var (garbled, _, garbledError) = await RunAsync("dlq", "show", "--limit", "2", "--after", "nope!");

        Assert.Equal(ExitCodes.Ok, firstCode);
        Assert.Contains("2 message(s)", first, StringComparison.Ordinal);
        Assert.NotEmpty(token);
        Assert.Equal(ExitCodes.Ok, lastCode);
        var page = JsonDocument.Parse(last).RootElement;
        var lastId = Assert.Single(page.GetProperty("messages").EnumerateArray()).GetProperty("messageId").GetString()!;
        Assert.DoesNotContain(lastId, first, StringComparison.Ordinal);
        Assert.Equal(JsonValueKind.Null, page.GetProperty("next").ValueKind);
        Assert.Equal(ExitCodes.Usage, noLimit);
        Assert.Contains("--after pages: give --limit too", noLimitError, StringComparison.Ordinal);
        Assert.Equal(ExitCodes.Usage, garbled);
        Assert.Contains("--after 'nope!' is not a page token", garbledError, StringComparison.Ordinal);
        Assert.Equal(3u, await Broker.CountAsync(Orders.ErrorQueue));
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

    [Fact]
    public async Task Should_purge_only_the_matching_messages_into_the_archive_and_only_with_yes()
    {
        var currencyId = await DeadLetterAsync(Orders.Json("o-1", "u-1", 10m, "XYZ"), Orders.Json("o-2", "u-1", -5m));

        var archive = Path.Combine(Path.GetTempPath(), $"dlq-archive-{Guid.NewGuid():N}.jsonl");
        try
        {
            var (refused, refusedOutput, refusedError) = await RunAsync("dlq", "purge", "--reason", "currency", "--archive", archive);

            Assert.Equal(ExitCodes.Refused, refused);
            Assert.Contains($"would purge 1 message(s) from {Orders.ErrorQueue}", refusedOutput, StringComparison.Ordinal);
            Assert.Contains("--yes", refusedError, StringComparison.Ordinal);
            Assert.Equal(2u, await Broker.CountAsync(Orders.ErrorQueue));
            Assert.False(File.Exists(archive));

            var (code, output, error) = await RunAsync("dlq", "purge", "--reason", "currency", "--archive", archive, "--yes");

            Assert.True(code == ExitCodes.Ok, error);
            Assert.Contains($"purged 1 message(s) from {Orders.ErrorQueue}", output, StringComparison.Ordinal);
            Assert.Equal(1u, await Broker.CountAsync(Orders.ErrorQueue));
            var (_, showOutput, _) = await RunAsync("dlq", "show", "--json");
            var left = Assert.Single(JsonDocument.Parse(showOutput).RootElement.GetProperty("messages").EnumerateArray());
            Assert.Contains(
                "/amount must be at least 0, got a number (-5)",
                left.GetProperty("reason").GetString(),
                StringComparison.Ordinal
            );

            var line = Assert.Single(await File.ReadAllLinesAsync(archive));
            var archived = JsonDocument.Parse(line).RootElement;
            Assert.Equal(currencyId.ToString(), archived.GetProperty("messageId").GetString());
            Assert.Equal(Orders.ErrorQueue, archived.GetProperty("queue").GetString());
            Assert.Equal("application/json", archived.GetProperty("contentType").GetString());
            Assert.Equal(Orders.Json("o-1", "u-1", 10m, "XYZ"), archived.GetProperty("body").GetString());
            Assert.Contains(
                "currency 'XYZ'",
                archived.GetProperty("headers").GetProperty("MT-Fault-Message").GetString(),
                StringComparison.Ordinal
            );

            Assert.Equal(
                1,
                await Ledger.ScalarAsync(
                    "SELECT count(*) FROM operator_actions WHERE action = 'dlq-purge' AND outcome = 'purged 1 message(s)' "
                        + "AND parameters->>'archive' = @archive AND parameters->'messageIds' @> to_jsonb(@id::text)",
                    ("archive", archive),
                    ("id", currencyId.ToString())
                )
            );
        }
        finally
        {
            File.Delete(archive);
        }
    }

    [Fact]
    public async Task Should_show_replay_purge_and_restore_exactly_one_message_when_it_is_named_by_its_id()
    {
        Guid[] ids = [Guid.NewGuid(), Guid.NewGuid(), Guid.NewGuid()];
        await using (await InProcessProcessor.StartAsync(Servers))
        {
            // Declares the queues; the replayed message then waits in its source queue.
        }

        for (var i = 0; i < ids.Length; i++)
        {
            // Same reason and type: only the id tells them apart.
            await PublishToErrorQueueAsync(Orders.Json($"one-{i}", "u-1", 10m, "XYZ"), ids[i]);
        }

        var archive = Path.Combine(Path.GetTempPath(), $"dlq-archive-{Guid.NewGuid():N}.jsonl");
        try
        {
            var (showCode, shown, _) = await RunAsync("dlq", "show", "--id", ids[1].ToString(), "--json");
            var (purged, _, purgeError) = await RunAsync("dlq", "purge", "--id", ids[0].ToString(), "--archive", archive, "--yes");
            var (replayed, replayOutput, replayError) = await RunAsync("dlq", "replay", "--id", ids[2].ToString(), "--yes");
            var (none, noneOutput, _) = await RunAsync("dlq", "replay", "--id", Guid.NewGuid().ToString(), "--yes");

            Assert.Equal(ExitCodes.Ok, showCode);
            Assert.Equal(
                ids[1].ToString(),
                Assert
                    .Single(JsonDocument.Parse(shown).RootElement.GetProperty("messages").EnumerateArray())
                    .GetProperty("messageId")
                    .GetString()
            );
            Assert.True(purged == ExitCodes.Ok, purgeError);
            Assert.True(replayed == ExitCodes.Ok, replayError);
            Assert.Contains("replayed 1 message(s)", replayOutput, StringComparison.Ordinal);
            Assert.Equal(ExitCodes.Ok, none);
            Assert.Contains("replayed 0 message(s)", noneOutput, StringComparison.Ordinal);
            Assert.Equal(
                ids[0].ToString(),
                JsonDocument.Parse(Assert.Single(await File.ReadAllLinesAsync(archive))).RootElement.GetProperty("messageId").GetString()
            );
            var (_, left, _) = await RunAsync("dlq", "show", "--json");
            Assert.Equal(
                ids[1].ToString(),
                Assert
                    .Single(JsonDocument.Parse(left).RootElement.GetProperty("messages").EnumerateArray())
                    .GetProperty("messageId")
                    .GetString()
            );
            Assert.Equal(1u, await Broker.CountAsync(Orders.Queue));

            // The purged one comes back from its archive to the queue it failed in, once confirmed.
            var (unconfirmed, wouldOutput, _) = await RunAsync("dlq", "restore", archive);
            var (missingId, _, _) = await RunAsync("dlq", "restore", archive, "--id", Guid.NewGuid().ToString(), "--yes");
            var (restored, restoredOutput, restoredError) = await RunAsync("dlq", "restore", archive, "--id", ids[0].ToString(), "--yes");
            Assert.Equal(ExitCodes.Refused, unconfirmed);
            Assert.Contains($"would restore 1 message(s) to {Orders.Queue}", wouldOutput, StringComparison.Ordinal);
            Assert.Equal(ExitCodes.NotFound, missingId);
            Assert.True(restored == ExitCodes.Ok, restoredError);
            Assert.Contains($"restored 1 message(s) to {Orders.Queue}", restoredOutput, StringComparison.Ordinal);
            var waiting = await Broker.DrainAsync(Orders.Queue);
            Assert.Equal(
                new[] { ids[0], ids[2] }.Select(i => i.ToString()).Order(StringComparer.Ordinal),
                waiting.Select(m => m.MessageId!).Order(StringComparer.Ordinal)
            );
            Assert.All(waiting, m => Assert.DoesNotContain("MT-Fault-Message", m.Headers.Keys));
            Assert.Equal(Orders.Json("one-0", "u-1", 10m, "XYZ"), waiting.Single(m => m.MessageId == ids[0].ToString()).Body);
            Assert.Equal(
                ids[0].ToString(),
                await Ledger.TextAsync("SELECT parameters->>'messageId' FROM operator_actions WHERE action = 'dlq-restore'")
            );
            Assert.Equal(
                ids[2].ToString(),
                await Ledger.TextAsync(
                    "SELECT parameters->'criteria'->>'MessageId' FROM operator_actions WHERE action = 'dlq-replay' ORDER BY id LIMIT 1"
                )
            );
        }
        finally
        {
            File.Delete(archive);
        }
    }

    [Fact]
    public async Task Should_restore_nothing_and_name_the_line_when_an_archive_line_is_not_an_archived_message()
    {
        var archive = Path.Combine(Path.GetTempPath(), $"dlq-archive-{Guid.NewGuid():N}.jsonl");
        await File.WriteAllLinesAsync(archive, ["{\"messageId\":\"x\"}", "not json"]);
        try
        {
            var (code, output, error) = await RunAsync("dlq", "restore", archive, "--yes");

            Assert.Equal(ExitCodes.Usage, code);
            Assert.Contains("Line 1 of", error, StringComparison.Ordinal);
            Assert.Contains("nothing was restored", error, StringComparison.Ordinal);
            Assert.DoesNotContain("restored 1", output, StringComparison.Ordinal);
            Assert.Equal(0, await Ledger.ScalarAsync("SELECT count(*) FROM operator_actions WHERE action = 'dlq-restore'"));
        }
        finally
        {
            File.Delete(archive);
        }
    }

    [Fact]
    public async Task Should_tell_on_a_dry_run_which_orders_would_apply_be_refused_again_or_are_already_applied()
    {
        Guid stillUnknown = Guid.NewGuid(),
            nowKnown = Guid.NewGuid(),
            applied = Guid.NewGuid();
        await using (await InProcessProcessor.StartAsync(Servers))
        {
            await Broker.PublishJsonAsync(Orders.Exchange, Orders.Json("o-1", "u-1", 10m, "XYZ"), nowKnown);
            await Broker.PublishJsonAsync(Orders.Exchange, Orders.Json("o-2", "u-1", 10m, "ABC"), stillUnknown);
            await Broker.PublishJsonAsync(Orders.Exchange, Orders.Json("o-3", "u-2", 10m, "USD"), applied);
            await Eventually.HoldsAsync(
                async () => await Broker.CountAsync(Orders.ErrorQueue) == 2 && await Ledger.EntriesAsync("order:o-3") == 1,
                Timeout,
                "two poison messages in the error queue and order o-3 applied"
            );
        }

        // Copies of the applied order dead-lettered some other way: under another id, under its own id (in the
        // inbox), and one with the same order id but different content; plus a message of another type.
        Guid duplicate = Guid.NewGuid(),
            conflicting = Guid.NewGuid(),
            other = Guid.NewGuid();
        await PublishToErrorQueueAsync(Orders.Json("o-3", "u-2", 10m, "USD"), duplicate);
        await PublishToErrorQueueAsync(Orders.Json("o-3", "u-2", 10m, "USD"), applied);
        await PublishToErrorQueueAsync(Orders.Json("o-3", "u-2", 99m, "USD"), conflicting);
        await PublishToErrorQueueAsync("""{"something":"else"}""", other, "urn:message:Other.Contracts:SomethingElse");

        // An order the contract gate refuses (a comma for a decimal point): it must never be predicted to apply.
        var malformed = Guid.NewGuid();
        await PublishToErrorQueueAsync(
            Orders.Json("o-4", "u-3", 10m).Replace("\"amount\":10,", "\"amount\":\"10,00\",", StringComparison.Ordinal),
            malformed
        );

        var settings = Path.Combine(Path.GetTempPath(), $"appsettings-{Guid.NewGuid():N}.json");
        await File.WriteAllTextAsync(
            settings,
            """{"Earning":{"PointsPerUnit":{"USD":1,"EUR":1,"XYZ":1},"MaxPointsPerTransaction":10000}}"""
        );
        try
        {
            var (code, output, error) = await RunAsync("dlq", "replay", "--dry-run", "--json", "--settings", settings);

            Assert.True(code == ExitCodes.Ok, error);
            var verdicts = JsonDocument
                .Parse(output)
                .RootElement.GetProperty("messages")
                .EnumerateArray()
                .ToDictionary(m => m.GetProperty("messageId").GetString()!, m => m.GetProperty("verdict").GetString()!);
            Assert.Equal(7, verdicts.Count);
            Assert.StartsWith(
                "would be refused again: OrderCompleted refused: /amount must match the pattern",
                verdicts[malformed.ToString()],
                StringComparison.Ordinal
            );
            Assert.StartsWith("would be refused again: ", verdicts[stillUnknown.ToString()], StringComparison.Ordinal);
            Assert.Contains("currency 'ABC' is not configured", verdicts[stillUnknown.ToString()], StringComparison.Ordinal);
            Assert.Equal("would apply", verdicts[nowKnown.ToString()]);
            Assert.Equal("already applied", verdicts[duplicate.ToString()]);
            Assert.Equal("already applied", verdicts[applied.ToString()]);
            Assert.Equal("would be refused again: idempotency conflict", verdicts[conflicting.ToString()]);
            Assert.Equal("unknown (not an OrderCompleted)", verdicts[other.ToString()]);
            var outlook = JsonDocument.Parse(output).RootElement.GetProperty("outlook");
            Assert.Equal(
                [1, 2, 3, 1],
                new[] { "wouldApply", "alreadyApplied", "wouldBeRefusedAgain", "unknown" }.Select(p => outlook.GetProperty(p).GetInt32())
            );

            // Without --settings, the worker's appsettings.json (no XYZ) judges the order refused again.
            var (textCode, text, _) = await RunAsync("dlq", "replay", "--dry-run");
            Assert.Equal(ExitCodes.Ok, textCode);
            Assert.Contains($"would replay {nowKnown}", text, StringComparison.Ordinal);
            Assert.Contains(
                "verdict: would be refused again: OrderCompleted 'o-1' refused: currency 'XYZ' is not configured",
                text,
                StringComparison.Ordinal
            );
            Assert.Contains(
                "if replayed now: 0 would apply, 2 already applied, 4 would be refused again, 1 unknown",
                text,
                StringComparison.Ordinal
            );

            Assert.Equal(7u, await Broker.CountAsync(Orders.ErrorQueue));
            Assert.Equal(0u, await Broker.CountAsync(Orders.Queue));
            Assert.Equal(1, await Ledger.EntriesAsync("order:"));
        }
        finally
        {
            File.Delete(settings);
        }
    }

    /// <summary>Puts a message straight into the error queue (default exchange), as if the processor had dead-lettered it.</summary>
    private async Task PublishToErrorQueueAsync(string json, Guid messageId, string? type = null)
    {
        await using var connection = await Servers
            .Rabbit.ConnectionFactory(Servers.VirtualHost, "test-dead-letters")
            .CreateConnectionAsync();
        await using var channel = await connection.CreateChannelAsync(
            new CreateChannelOptions(publisherConfirmationsEnabled: true, publisherConfirmationTrackingEnabled: true)
        );
        var properties = new BasicProperties
        {
            ContentType = "application/json",
            DeliveryMode = DeliveryModes.Persistent,
            MessageId = messageId.ToString(),
            Type = type,
            Headers = new Dictionary<string, object?>
            {
                ["MT-Fault-InputAddress"] = $"rabbitmq://{TestSettings.RabbitHost}/{Servers.VirtualHost}/{Orders.Queue}",
                ["MT-Fault-Message"] = "dead-lettered by the test",
                ["MT-Fault-Timestamp"] = DateTimeOffset.UtcNow.ToString("O", System.Globalization.CultureInfo.InvariantCulture),
            },
        };
        await channel.BasicPublishAsync("", Orders.ErrorQueue, mandatory: true, properties, Encoding.UTF8.GetBytes(json));
    }

    /// <summary>Publishes each body with a new message id through the real processor and waits until all are dead-lettered.</summary>
    private async Task<Guid> DeadLetterAsync(params string[] jsons)
    {
        var ids = jsons.Select(_ => Guid.NewGuid()).ToArray();
        await using (await InProcessProcessor.StartAsync(Servers))
        {
            for (var i = 0; i < jsons.Length; i++)
            {
                await Broker.PublishJsonAsync(Orders.Exchange, jsons[i], ids[i]);
            }

            await Eventually.HoldsAsync(
                async () => await Broker.CountAsync(Orders.ErrorQueue) == jsons.Length,
                Timeout,
                $"{jsons.Length} poison message(s) in the error queue"
            );
        }

        return ids[0];
    }

    private async Task<(int Code, string Output, string Error)> RunAsync(params string[] args)
    {
        using var output = new StringWriter();
        using var error = new StringWriter();
        // Dead-letter operations as the dead-letter tool's own broker user, as operators run them.
        var user = args[0] == "dlq" ? BrokerRoles.DeadLetters : TestSettings.RabbitUser;
        string[] settings = ["--rabbit-user", user];
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
            settings = [.. settings, "--rabbit-password", args[0] == "dlq" ? BrokerRoles.PasswordOf(user) : TestSettings.RabbitPassword];
        }

        var code = await AdminApp.RunAsync([.. args, .. settings, "--connection", Servers.OperatorConnectionString], output, error);
        return (code, output.ToString(), error.ToString());
    }
}
