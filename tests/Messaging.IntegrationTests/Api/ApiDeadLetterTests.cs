using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Messaging.Api.Security;
using static Messaging.Testing.ApiResponses;

namespace Messaging.IntegrationTests.Api;

/// <summary>
/// Dead letters through the HTTP API, as the least-privileged ledger_dlq broker user, against real poison orders in the
/// processor's error queue: listed and shown without removing anything, a dry run that judges each by the ledger, a
/// confirmed replay applied exactly once, a purge archived before anything is removed, each recorded with the caller.
/// </summary>
[Collection(OperatorsCollection.Name)]
public sealed class ApiDeadLetterTests(ServersFixture servers) : ProcessorTest(servers)
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task Should_list_show_dry_run_and_replay_dead_letters_for_operators_only_and_apply_them_once()
    {
        var orders = Enumerable.Range(1, 12).Select(i => Orders.Json($"o-{i}", "u-1", 10m, "XYZ")).ToArray();
        await DeadLetterAsync(orders);
        await using var api = await ApiHost.StartAsync(Servers);
        using var viewer = api.Client(ApiRoles.Viewer);
        using var olga = api.Client(ApiRoles.Operator, "olga");

        using (var forbidden = await viewer.GetAsync(new Uri("/api/v1/dead-letters", UriKind.Relative)))
        {
            Assert.Equal(HttpStatusCode.Forbidden, forbidden.StatusCode);
        }

        var list = await JsonAsync(await olga.GetAsync(new Uri("/api/v1/dead-letters", UriKind.Relative)));
        var queue = Assert.Single(list.GetProperty("queues").EnumerateArray(), q =>
            q.GetProperty("queue").GetString() == Orders.ErrorQueue
        );
        Assert.Equal(12, queue.GetProperty("messages").GetInt64());
        var group = Assert.Single(queue.GetProperty("groups").EnumerateArray());
        Assert.Equal(12, group.GetProperty("count").GetInt32());
        Assert.Contains("currency 'XYZ'", group.GetProperty("reason").GetString(), StringComparison.Ordinal);

        var shown = await JsonAsync(
            await olga.GetAsync(new Uri($"/api/v1/dead-letters/messages?queue={Orders.ErrorQueue}&limit=5", UriKind.Relative))
        );
        Assert.Equal(5, shown.GetProperty("messages").GetArrayLength());
        Assert.All(shown.GetProperty("messages").EnumerateArray(), m =>
            Assert.Equal(Orders.Queue, m.GetProperty("sourceQueue").GetString())
        );

        using (var badAge = await olga.GetAsync(new Uri("/api/v1/dead-letters/messages?olderThan=soon", UriKind.Relative)))
        {
            Assert.Equal(HttpStatusCode.BadRequest, badAge.StatusCode);
            Assert.Contains("olderThan 'soon' is not a duration", await badAge.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        }

        using (var noQueue = await olga.GetAsync(new Uri("/api/v1/dead-letters/messages?queue=nope_error", UriKind.Relative)))
        {
            Assert.Equal(HttpStatusCode.NotFound, noQueue.StatusCode);
            Assert.Contains(Orders.ErrorQueue, await noQueue.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        }

        // The dry run judges by the processor's settings as they are now (no XYZ rate): all would be refused again.
        var preview = await JsonAsync(await olga.PostAsJsonAsync("/api/v1/dead-letters/replay", new { dryRun = true }));
        Assert.Equal(12, preview.GetProperty("matched").GetInt32());
        Assert.Equal(12, preview.GetProperty("outlook").GetProperty("wouldBeRefusedAgain").GetInt32());

        using (var unconfirmed = await olga.PostAsJsonAsync("/api/v1/dead-letters/replay", new { }))
        {
            Assert.Equal(HttpStatusCode.Conflict, unconfirmed.StatusCode);
            Assert.Contains("confirm: true", await unconfirmed.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        }

        Assert.Equal(12u, await Broker.CountAsync(Orders.ErrorQueue));
        await using (await InProcessProcessor.StartAsync(Servers, new Dictionary<string, string?> { ["Earning:PointsPerUnit:XYZ"] = "1" }))
        {
            var replayed = await JsonAsync(await olga.PostAsJsonAsync("/api/v1/dead-letters/replay", new { confirm = true }));
            Assert.Equal(12, Assert.Single(replayed.GetProperty("replayed").EnumerateArray()).GetProperty("count").GetInt32());
            await Eventually.HoldsAsync(
                async () => await Ledger.EntriesAsync("order:o-") == 12 && await Broker.CountAsync(Orders.Queue) == 0,
                Timeout,
                "the twelve replayed orders applied"
            );

            // Replaying again finds nothing: the error queue is empty, and nothing applies twice.
            var again = await JsonAsync(await olga.PostAsJsonAsync("/api/v1/dead-letters/replay", new { confirm = true }));
            Assert.Equal(0, again.GetProperty("matched").GetInt32());
        }

        Assert.Equal(0u, await Broker.CountAsync(Orders.ErrorQueue));
        Assert.Equal(12, await Ledger.EntriesAsync("order:o-"));
        Assert.Equal(
            2,
            await Ledger.ScalarAsync("SELECT count(*) FROM operator_actions WHERE operator = 'api:olga' AND action = 'dlq-replay'")
        );
        await Ledger.AssertAuditCleanAndConservedAsync();
    }

    [Fact]
    public async Task Should_page_through_a_group_one_page_at_a_time_and_go_on_after_a_message_that_left()
    {
        await DeadLetterAsync([.. Enumerable.Range(1, 250).Select(i => Orders.Json($"pg-{i}", "u-1", 10m, "XYZ"))]);
        await using var api = await ApiHost.StartAsync(Servers);
        using var olga = api.Client(ApiRoles.Operator, "olga");

        async Task<(List<string> Ids, string? Next)> PageAsync(string? after)
        {
            var page = await JsonAsync(
                await olga.GetAsync(
                    new Uri(
                        $"/api/v1/dead-letters/messages?queue={Orders.ErrorQueue}&limit=100"
                            + (after is null ? "" : $"&after={Uri.EscapeDataString(after)}"),
                        UriKind.Relative
                    )
                )
            );
            var next = page.GetProperty("next");
            return (
                [.. page.GetProperty("messages").EnumerateArray().Select(m => m.GetProperty("messageId").GetString()!)],
                next.ValueKind == JsonValueKind.Null ? null : next.GetString()
            );
        }

        var (first, afterFirst) = await PageAsync(null);
        var (second, afterSecond) = await PageAsync(afterFirst);
        var (third, afterThird) = await PageAsync(afterSecond);

        Assert.Equal((100, 100, 50), (first.Count, second.Count, third.Count));
        Assert.NotNull(afterFirst);
        Assert.NotNull(afterSecond);
        Assert.Null(afterThird);
        Assert.Equal(250, first.Concat(second).Concat(third).Distinct(StringComparer.Ordinal).Count());

        // The first page's last message replayed away: the page after it is still the same page.
        var replayed = await JsonAsync(
            await olga.PostAsJsonAsync("/api/v1/dead-letters/replay", new { messageId = first[^1], confirm = true })
        );
        Assert.Equal(1, replayed.GetProperty("matched").GetInt32());
        await Eventually.HoldsAsync(async () => await Broker.CountAsync(Orders.ErrorQueue) == 249, Timeout, "one replayed");
        var (secondAgain, _) = await PageAsync(afterFirst);
        Assert.Equal(second, secondAgain);

        using var malformed = await olga.GetAsync(new Uri("/api/v1/dead-letters/messages?after=nope!", UriKind.Relative));
        Assert.Equal(HttpStatusCode.BadRequest, malformed.StatusCode);
        Assert.Contains("after 'nope!' is not a page token", await malformed.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Should_purge_only_when_confirmed_and_archive_every_message_before_removing_it()
    {
        await DeadLetterAsync(
            Orders.Json("p-1", "u-1", 10m, "ABC"),
            Orders.Json("p-2", "u-1", 10m, "ABC"),
            Orders.Json("q-1", "u-1", 10m, "XYZ")
        );
        await using var api = await ApiHost.StartAsync(Servers);
        using var olga = api.Client(ApiRoles.Operator, "olga");

        var counted = await JsonAsync(await olga.PostAsJsonAsync("/api/v1/dead-letters/purge", new { reason = "'ABC'", dryRun = true }));
        Assert.Equal(2, counted.GetProperty("matched").GetInt32());
        Assert.False(counted.GetProperty("purged").GetBoolean());
        using (var unconfirmed = await olga.PostAsJsonAsync("/api/v1/dead-letters/purge", new { reason = "'ABC'" }))
        {
            Assert.Equal(HttpStatusCode.Conflict, unconfirmed.StatusCode);
        }

        Assert.Equal(3u, await Broker.CountAsync(Orders.ErrorQueue));

        var purged = await JsonAsync(await olga.PostAsJsonAsync("/api/v1/dead-letters/purge", new { reason = "'ABC'", confirm = true }));
        Assert.Equal(2, purged.GetProperty("removed").GetInt32());
        var archive = purged.GetProperty("archive").GetString()!;
        var lines = await File.ReadAllLinesAsync(archive);
        Assert.Equal(2, lines.Length);
        Assert.All(lines, l =>
            Assert.Contains(
                "\"currency\":\"ABC\"",
                JsonDocument.Parse(l).RootElement.GetProperty("body").GetString(),
                StringComparison.Ordinal
            )
        );

        // Only the matching ones went; the other stays for its own fix.
        await Eventually.HoldsAsync(async () => await Broker.CountAsync(Orders.ErrorQueue) == 1, Timeout, "one dead letter left");
        var left = await JsonAsync(await olga.GetAsync(new Uri("/api/v1/dead-letters/messages", UriKind.Relative)));
        var last = Assert.Single(left.GetProperty("messages").EnumerateArray());
        Assert.Contains("XYZ", last.GetProperty("body").GetString(), StringComparison.Ordinal);

        // One message by its id: another id matches nothing, its own removes it alone.
        var other = await JsonAsync(
            await olga.PostAsJsonAsync("/api/v1/dead-letters/purge", new { messageId = Guid.NewGuid().ToString(), confirm = true })
        );
        Assert.Equal(0, other.GetProperty("removed").GetInt32());
        var one = await JsonAsync(
            await olga.PostAsJsonAsync(
                "/api/v1/dead-letters/purge",
                new { messageId = last.GetProperty("messageId").GetString(), confirm = true }
            )
        );
        Assert.Equal(1, one.GetProperty("removed").GetInt32());
        await Eventually.HoldsAsync(async () => await Broker.CountAsync(Orders.ErrorQueue) == 0, Timeout, "no dead letter left");
        // The two purges that removed something; one that matched nothing changed nothing and is not on record.
        Assert.Equal(
            2,
            await Ledger.ScalarAsync("SELECT count(*) FROM operator_actions WHERE operator = 'api:olga' AND action = 'dlq-purge'")
        );
        Assert.Equal(0, await Ledger.EntriesAsync("order:"));
    }

    [Fact]
    public async Task Should_restore_a_purge_archive_or_one_of_its_messages_to_its_queue_only_when_confirmed()
    {
        await DeadLetterAsync(Orders.Json("r-1", "u-1", 10m, "ABC"), Orders.Json("r-2", "u-1", 10m, "ABC"));
        await using var api = await ApiHost.StartAsync(Servers);
        using var olga = api.Client(ApiRoles.Operator, "olga");
        using var viewer = api.Client(ApiRoles.Viewer);
        var purged = await JsonAsync(await olga.PostAsJsonAsync("/api/v1/dead-letters/purge", new { reason = "'ABC'", confirm = true }));
        var name = Path.GetFileName(purged.GetProperty("archive").GetString()!);
        var ids = purged.GetProperty("messageIds").EnumerateArray().Select(i => i.GetString()!).Order(StringComparer.Ordinal).ToList();
        var restore = new Uri($"/api/v1/dead-letters/archives/{name}/restore", UriKind.Relative);

        var archives = await JsonAsync(await olga.GetAsync(new Uri("/api/v1/dead-letters/archives", UriKind.Relative)));
        Assert.Contains(name, archives.GetProperty("archives").EnumerateArray().Select(a => a.GetProperty("name").GetString()));
        using (var forbidden = await viewer.GetAsync(new Uri("/api/v1/dead-letters/archives", UriKind.Relative)))
        {
            Assert.Equal(HttpStatusCode.Forbidden, forbidden.StatusCode);
        }

        using (var elsewhere = await olga.PostAsJsonAsync("/api/v1/dead-letters/archives/appsettings.json/restore", new { confirm = true }))
        {
            Assert.Equal(HttpStatusCode.NotFound, elsewhere.StatusCode);
            Assert.Contains(
                "no purge archive 'appsettings.json' here",
                await elsewhere.Content.ReadAsStringAsync(),
                StringComparison.Ordinal
            );
        }

        var preview = await JsonAsync(await olga.PostAsJsonAsync(restore, new { messageId = ids[0], dryRun = true }));
        Assert.Equal(1, preview.GetProperty("matched").GetInt32());
        var queue = Assert.Single(preview.GetProperty("queues").EnumerateArray());
        Assert.Equal((Orders.Queue, 1), (queue.GetProperty("queue").GetString(), queue.GetProperty("count").GetInt32()));
        using (var unconfirmed = await olga.PostAsJsonAsync(restore, new { messageId = ids[0] }))
        {
            Assert.Equal(HttpStatusCode.Conflict, unconfirmed.StatusCode);
            Assert.Contains("1 message(s) would be restored to", await unconfirmed.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        }

        using (var unknown = await olga.PostAsJsonAsync(restore, new { messageId = Guid.NewGuid().ToString(), confirm = true }))
        {
            Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
        }

        Assert.Equal(0u, await Broker.CountAsync(Orders.Queue));

        var one = await JsonAsync(await olga.PostAsJsonAsync(restore, new { messageId = ids[0], confirm = true }));
        Assert.Equal(1, one.GetProperty("restored").GetInt32());
        await Eventually.HoldsAsync(async () => await Broker.CountAsync(Orders.Queue) == 1, Timeout, "one message restored");
        Assert.Equal([ids[0]], (await Broker.DrainAsync(Orders.Queue)).Select(m => m.MessageId));

        var all = await JsonAsync(await olga.PostAsJsonAsync(restore, new { confirm = true }));
        Assert.Equal(2, all.GetProperty("restored").GetInt32());
        await Eventually.HoldsAsync(async () => await Broker.CountAsync(Orders.Queue) == 2, Timeout, "the archive restored");
        var restored = await Broker.DrainAsync(Orders.Queue);
        Assert.Equal(ids, restored.Select(m => m.MessageId!).Order(StringComparer.Ordinal));
        // Restored as they were published, less the failure that parked them.
        Assert.All(restored, m => Assert.DoesNotContain(m.Headers.Keys, k => k.StartsWith("MT-Fault-", StringComparison.Ordinal)));
        Assert.Equal(
            2,
            await Ledger.ScalarAsync("SELECT count(*) FROM operator_actions WHERE operator = 'api:olga' AND action = 'dlq-restore'")
        );
    }

    [Fact]
    public async Task Should_edit_and_retry_a_dead_letter_for_an_operator_and_apply_the_corrected_copy_once()
    {
        await DeadLetterAsync(Orders.Json("e-1", "u-1", 10m, "XYZ"));
        await using var api = await ApiHost.StartAsync(Servers);
        using var olga = api.Client(ApiRoles.Operator, "olga");
        var shown = await JsonAsync(await olga.GetAsync(new Uri("/api/v1/dead-letters/messages", UriKind.Relative)));
        var original = Assert.Single(shown.GetProperty("messages").EnumerateArray()).GetProperty("messageId").GetString();

        using (var nothing = await olga.PostAsJsonAsync($"/api/v1/dead-letters/{original}/edit", new { }))
        {
            Assert.Equal(HttpStatusCode.BadRequest, nothing.StatusCode);
        }

        // What an order credits, and to whom, only an admin may change; its key nobody.
        using (
            var redirected = await olga.PostAsJsonAsync(
                $"/api/v1/dead-letters/{original}/edit",
                new { set = new { userId = "mallory" }, dryRun = true }
            )
        )
        {
            Assert.Equal(HttpStatusCode.Forbidden, redirected.StatusCode);
            Assert.Contains("changing it needs the admin role", await redirected.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        }

        using (var admin = api.Client(ApiRoles.Admin, "ada"))
        {
            var byAdmin = await JsonAsync(
                await admin.PostAsJsonAsync($"/api/v1/dead-letters/{original}/edit", new { set = new { amount = "12" }, dryRun = true })
            );
            Assert.Equal("amount", byAdmin.GetProperty("changes")[0].GetProperty("field").GetString());
            using var rekeyed = await admin.PostAsJsonAsync(
                $"/api/v1/dead-letters/{original}/edit",
                new { set = new { orderId = "e-2" }, dryRun = true }
            );
            Assert.Equal(HttpStatusCode.BadRequest, rekeyed.StatusCode);
        }

        var preview = await JsonAsync(
            await olga.PostAsJsonAsync($"/api/v1/dead-letters/{original}/edit", new { set = new { currency = "USD" }, dryRun = true })
        );
        Assert.Equal("would apply", preview.GetProperty("verdict").GetString());
        Assert.Equal(1u, await Broker.CountAsync(Orders.ErrorQueue));

        // The dry run read the ledger through the API's own connection pool, which every other read still needs.
        using (var summary = await olga.GetAsync(new Uri("/api/v1/summary", UriKind.Relative)))
        {
            Assert.Equal(HttpStatusCode.OK, summary.StatusCode);
        }

        await using (await InProcessProcessor.StartAsync(Servers))
        {
            var edited = await JsonAsync(
                await olga.PostAsJsonAsync($"/api/v1/dead-letters/{original}/edit", new { set = new { currency = "USD" } })
            );
            Assert.NotEqual(original, edited.GetProperty("retriedAs").GetString());
            await Eventually.HoldsAsync(
                async () => await Ledger.EntriesAsync("order:e-1") == 1 && await Broker.CountAsync(Orders.Queue) == 0,
                Timeout,
                "the corrected copy applied"
            );
            using var again = await olga.PostAsJsonAsync($"/api/v1/dead-letters/{original}/edit", new { set = new { currency = "USD" } });
            Assert.Equal(HttpStatusCode.NotFound, again.StatusCode);
        }

        Assert.Equal(0u, await Broker.CountAsync(Orders.ErrorQueue));
        Assert.Equal(
            1,
            await Ledger.ScalarAsync("SELECT count(*) FROM operator_actions WHERE operator = 'api:olga' AND action = 'dlq-edit'")
        );
        await Ledger.AssertAuditCleanAndConservedAsync();
    }

    [Fact]
    public async Task Should_archive_and_remove_dead_letters_parked_longer_than_the_retention_and_keep_younger_ones()
    {
        await DeadLetterAsync(Orders.Json("r-1", "u-1", 10m, "XYZ"), Orders.Json("r-2", "u-1", 10m, "XYZ"));
        var archives = Path.Combine(Path.GetTempPath(), $"ledger-retention-{Guid.NewGuid():N}");

        // An hour's retention: both are younger, and stay.
        await using (
            await ApiHost.StartAsync(
                Servers,
                new Dictionary<string, string?>
                {
                    ["Api:DeadLetters:Retention"] = "01:00:00",
                    ["Api:DeadLetters:RetentionCheck"] = "00:00:01",
                    ["Api:DeadLetters:ArchiveDirectory"] = archives,
                }
            )
        )
        {
            await Task.Delay(TimeSpan.FromSeconds(3));
            Assert.Equal(2u, await Broker.CountAsync(Orders.ErrorQueue));
        }

        // Two seconds' retention: both are older by now, archived first, then removed, and the pass is on record.
        await using (
            await ApiHost.StartAsync(
                Servers,
                new Dictionary<string, string?>
                {
                    ["Api:DeadLetters:Retention"] = "00:00:02",
                    ["Api:DeadLetters:RetentionCheck"] = "00:00:01",
                    ["Api:DeadLetters:ArchiveDirectory"] = archives,
                }
            )
        )
        {
            // One pass or two (they failed a moment apart): every removal on record.
            await Eventually.HoldsAsync(
                async () =>
                    await Broker.CountAsync(Orders.ErrorQueue) == 0
                    && await Ledger.ScalarAsync(
                        "SELECT coalesce(sum((parameters->>'removed')::int), 0) FROM operator_actions WHERE "
                            + "operator = 'retention' AND action = 'dlq-retention'"
                    ) == 2,
                Timeout,
                "the parked orders removed by the retention, and recorded"
            );
        }

        var lines = Directory.GetFiles(archives).SelectMany(File.ReadAllLines).ToList();
        Assert.Equal(2, lines.Count);
        Assert.Equal(
            ["r-1", "r-2"],
            lines
                .Select(l =>
                    JsonDocument
                        .Parse(JsonDocument.Parse(l).RootElement.GetProperty("body").GetString()!)
                        .RootElement.GetProperty("orderId")
                        .GetString()
                )
                .Order()
        );
        Assert.Equal(
            0,
            await Ledger.ScalarAsync(
                "SELECT count(*) FROM operator_actions WHERE action = 'dlq-retention' AND outcome NOT LIKE "
                    + "'archived and removed _ message(s) parked longer than 00:00:02'"
            )
        );
    }

    private async Task DeadLetterAsync(params string[] jsons)
    {
        await using (await InProcessProcessor.StartAsync(Servers))
        {
            foreach (var json in jsons)
            {
                await Broker.PublishJsonAsync(Orders.Exchange, json, Guid.NewGuid());
            }

            await Eventually.HoldsAsync(
                async () => await Broker.CountAsync(Orders.ErrorQueue) == jsons.Length,
                Timeout,
                $"{jsons.Length} poison message(s) in the error queue"
            );
        }
    }
}
