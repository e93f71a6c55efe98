using Messaging.Api.Security;
using Microsoft.Playwright;
using Xunit.Abstractions;
using static Microsoft.Playwright.Assertions;

namespace Messaging.IntegrationTests.Api;

/// <summary>
/// The operator console in headless Chromium, against the real API, processor, broker and ledger: a dead-lettered order
/// found in its group, its replay previewed as refused again, its currency edited and retried, applied exactly once, and
/// a second retry that does nothing. Screenshots of each step go to .artifacts/test-results/screenshots.
/// </summary>
[Collection(OperatorsCollection.Name)]
public sealed class OperatorConsoleTests(ServersFixture servers, ITestOutputHelper output) : ProcessorTest(servers)
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task Should_show_preview_edit_and_retry_a_dead_lettered_order_in_the_browser_and_apply_it_exactly_once()
    {
        await DeadLetterAsync(Orders.Json("web-1", "u-web", 10m, "XYZ"));
        await using var api = await ApiHost.StartAsync(Servers);
        await using var chromium = await HeadlessChromium.LaunchAsync();
        var page = await chromium.Browser.NewPageAsync();
        var errors = new List<string>();
        page.Console += (_, message) =>
        {
            if (message.Type == "error")
            {
                errors.Add(message.Text);
            }
        };

        await page.GotoAsync(new Uri(api.Address, "/ops/").ToString());
        await page.FillAsync(
            "#token",
            ApiTokens.Mint(
                new JwtOptions { SigningKey = ApiHost.SigningKey },
                "olga",
                ApiRoles.Operator,
                TimeSpan.FromHours(1),
                DateTimeOffset.UtcNow
            )
        );
        await page.ClickAsync("#sign-in button[type=submit]");
        await Expect(page.Locator("#who")).ToContainTextAsync("signed in as olga (operator)");

        // The order is in its group, with its reason.
        var group = page.Locator("#groups tbody tr", new() { HasText = "currency 'XYZ'" });
        await Expect(group).ToHaveCountAsync(1);
        await Expect(group.Locator("td").Nth(3)).ToHaveTextAsync("1");
        await ShotAsync(page, "1-groups");

        await group.GetByRole(AriaRole.Button, new() { Name = "Open" }).ClickAsync();
        var card = page.Locator("article.message");
        await Expect(card).ToHaveCountAsync(1);
        await Expect(card.Locator("pre.body")).ToContainTextAsync("\"currency\": \"XYZ\"");

        // The dry run comes first: with the processor's rates, the order would be refused again.
        await page.ClickAsync("#preview-replay");
        await Expect(page.Locator("#replay-preview")).ToContainTextAsync("would be refused again");
        await ShotAsync(page, "2-replay-preview");

        await card.GetByRole(AriaRole.Button, new() { Name = "Edit & retry…" }).ClickAsync();
        await card.Locator("input[name=field]").FillAsync("currency");
        await card.Locator("input[name=value]").FillAsync("USD");
        await card.GetByRole(AriaRole.Button, new() { Name = "Preview edit" }).ClickAsync();
        await Expect(card.Locator(".edit-result")).ToContainTextAsync("Preview: would apply");
        await Expect(card.Locator(".edit-result")).ToContainTextAsync("\"XYZ\"");
        await ShotAsync(page, "3-edit-preview");

        await using (await InProcessProcessor.StartAsync(Servers))
        {
            await card.GetByRole(AriaRole.Button, new() { Name = "Retry edited copy" }).ClickAsync();
            await Expect(card.Locator(".edit-result")).ToContainTextAsync("Retried as");
            await Expect(page.Locator("#status")).ToContainTextAsync("Retried");
            await Eventually.HoldsAsync(
                async () => await Ledger.EntriesAsync("order:web-1") == 1 && await Broker.CountAsync(Orders.Queue) == 0,
                Timeout,
                "the corrected copy applied"
            );

            // A second retry finds no dead letter to retry: the page says so, and nothing applies twice.
            await card.GetByRole(AriaRole.Button, new() { Name = "Preview edit" }).ClickAsync();
            await Expect(page.Locator("#status")).ToContainTextAsync("No dead-lettered message");
            await Expect(page.Locator("#status")).ToHaveClassAsync("error");
            await page.ClickAsync("#refresh-dead-letters");
            await Expect(page.Locator("#groups tbody")).ToContainTextAsync("No failed messages.");
            await ShotAsync(page, "4-after-retry");
        }

        Assert.Equal(1, await Ledger.EntriesAsync("order:web-1"));
        Assert.Equal(0u, await Broker.CountAsync(Orders.ErrorQueue));

        // The user's balance and history, and the operator log with the edit, on their tabs.
        await page.ClickAsync("nav button[data-tab=users]");
        await page.FillAsync("#user-id", "u-web");
        await page.ClickAsync("#user-form button[type=submit]");
        await Expect(page.Locator("#user-detail table[aria-label=History]")).ToContainTextAsync("order:web-1");
        await ShotAsync(page, "5-user");
        await page.ClickAsync("nav button[data-tab=log]");
        await Expect(page.Locator("#operator-log tbody")).ToContainTextAsync("dlq-edit");
        await ShotAsync(page, "6-operator-log");

        // The one failed request (the second retry's 404) is the only error the page met.
        Assert.DoesNotContain(errors, e => !e.Contains("404", StringComparison.Ordinal));
        await Ledger.AssertAuditCleanAndConservedAsync();
    }

    [Fact]
    public async Task Should_page_replay_one_message_purge_another_and_restore_it_from_its_archive_by_their_ids_from_the_page()
    {
        await DeadLetterAsync(Orders.Json("web-5", "u-one", 10m, "XYZ"));
        await DeadLetterAsync(Orders.Json("web-6", "u-one", 12m, "XYZ"), inErrorQueue: 2);
        await using var api = await ApiHost.StartAsync(Servers);
        await using var chromium = await HeadlessChromium.LaunchAsync();
        var page = await chromium.Browser.NewPageAsync();
        await page.GotoAsync(new Uri(api.Address, "/ops/").ToString());
        await SignInAsync(page, "ada");

        var group = page.Locator("#groups tbody tr", new() { HasText = "currency 'XYZ'" });
        var cards = page.Locator("article.message");

        // A page at a time: one message a page here, the group's two on two pages.
        await group.GetByRole(AriaRole.Button, new() { Name = "Open" }).ClickAsync();
        await Expect(cards).ToHaveCountAsync(2);
        await page.FillAsync("#batch-size", "1");
        await group.GetByRole(AriaRole.Button, new() { Name = "Open" }).ClickAsync();
        await Expect(page.Locator("#page-number")).ToHaveTextAsync("Page 1");
        await Expect(cards).ToHaveCountAsync(1);
        var onFirstPage = await cards.Nth(0).GetAttributeAsync("data-message-id");
        await page.GetByRole(AriaRole.Button, new() { Name = "Next page" }).ClickAsync();
        await Expect(page.Locator("#page-number")).ToHaveTextAsync("Page 2");
        await Expect(cards).ToHaveCountAsync(1);
        await Expect(cards.Nth(0)).Not.ToHaveAttributeAsync("data-message-id", onFirstPage!);
        await Expect(page.GetByRole(AriaRole.Button, new() { Name = "Next page" })).ToHaveCountAsync(0);
        await page.GetByRole(AriaRole.Button, new() { Name = "First page" }).ClickAsync();
        await Expect(cards.Nth(0)).ToHaveAttributeAsync("data-message-id", onFirstPage!);

        await page.FillAsync("#batch-size", "100");
        await group.GetByRole(AriaRole.Button, new() { Name = "Open" }).ClickAsync();
        await Expect(cards).ToHaveCountAsync(2);
        var replayed = (await cards.Nth(0).GetAttributeAsync("data-message-id"))!;
        var purged = (await cards.Nth(1).GetAttributeAsync("data-message-id"))!;

        // Only the message asked for goes back to its queue; its neighbour stays.
        var first = page.Locator($"article.message[data-message-id='{replayed}']");
        await first.GetByRole(AriaRole.Button, new() { Name = "Replay this…" }).ClickAsync();
        await first.GetByRole(AriaRole.Button, new() { Name = $"Confirm replay of {replayed}" }).ClickAsync();
        await Expect(page.Locator("#status")).ToContainTextAsync($"Replayed 1 message ({replayed})");
        await Expect(cards).ToHaveCountAsync(1);
        Assert.Equal(1u, await Broker.CountAsync(Orders.Queue));
        Assert.Equal(1u, await Broker.CountAsync(Orders.ErrorQueue));

        var second = page.Locator($"article.message[data-message-id='{purged}']");
        await second.GetByRole(AriaRole.Button, new() { Name = "Purge this…" }).ClickAsync();
        await second.GetByRole(AriaRole.Button, new() { Name = $"Confirm purge of {purged}" }).ClickAsync();
        await Expect(page.Locator("#status")).ToContainTextAsync("Purged 1 message");
        await ShotAsync(page, "12-one-message");
        Assert.Equal(0u, await Broker.CountAsync(Orders.ErrorQueue));
        Assert.Equal(1u, await Broker.CountAsync(Orders.Queue));
        Assert.Equal(
            2,
            await Ledger.ScalarAsync(
                "SELECT count(*) FROM operator_actions WHERE (action = 'dlq-replay' AND parameters::text LIKE '%' || @replayed || '%') "
                    + "OR (action = 'dlq-purge' AND parameters::text LIKE '%' || @purged || '%')",
                ("replayed", replayed),
                ("purged", purged)
            )
        );

        // The purged message back from its archive, alone, as the archive's list names it.
        var status = await page.Locator("#status").InnerTextAsync();
        var archive = Path.GetFileName(
            status[(status.IndexOf("archived in ", StringComparison.Ordinal) + "archived in ".Length)..].TrimEnd('.')
        );
        await page.GetByRole(AriaRole.Button, new() { Name = "List archives" }).ClickAsync();
        var row = page.Locator("#archives tbody tr", new() { HasText = archive });
        await row.GetByRole(AriaRole.Textbox).FillAsync(purged);
        await row.GetByRole(AriaRole.Button, new() { Name = "Restore…" }).ClickAsync();
        await Expect(page.Locator("#restore-preview")).ToContainTextAsync($"1 to {Orders.Queue}");
        await page.GetByRole(AriaRole.Button, new() { Name = "Confirm restore of 1" }).ClickAsync();
        await Expect(page.Locator("#status")).ToContainTextAsync($"Restored 1 message(s) from {archive} to {Orders.Queue}");
        Assert.Equal(2u, await Broker.CountAsync(Orders.Queue));
        Assert.Equal(
            1,
            await Ledger.ScalarAsync(
                "SELECT count(*) FROM operator_actions WHERE action = 'dlq-restore' AND parameters::text LIKE '%' || @purged || '%'",
                ("purged", purged)
            )
        );
    }

    [Fact]
    public async Task Should_resolve_a_conflict_side_by_side_and_pause_and_resume_orders_from_the_page()
    {
        var copy = Guid.NewGuid();
        await using (await InProcessProcessor.StartAsync(Servers))
        {
            await Broker.PublishJsonAsync(Orders.Exchange, Orders.Json("web-2", "u-web", 40m), Guid.NewGuid());
            await Eventually.HoldsAsync(async () => await Ledger.EntriesAsync("order:web-2") == 1, Timeout, "the first copy applied");
            await Broker.PublishJsonAsync(Orders.Exchange, Orders.Json("web-2", "u-web", 55m), copy);
            await Eventually.HoldsAsync(
                async () => await Broker.CountAsync(Orders.ErrorQueue) == 1,
                Timeout,
                "the conflicting copy dead-lettered"
            );
        }

        // The processor ran a moment ago; the badge below is about pauses, so its heartbeat counts for the test's length.
        await using var api = await ApiHost.StartAsync(
            Servers,
            new Dictionary<string, string?> { ["Api:Health:WorkerStaleAfter"] = "01:00:00" }
        );
        await using var chromium = await HeadlessChromium.LaunchAsync();
        var page = await chromium.Browser.NewPageAsync();
        await page.GotoAsync(new Uri(api.Address, "/ops/").ToString());
        await page.FillAsync(
            "#token",
            ApiTokens.Mint(
                new JwtOptions { SigningKey = ApiHost.SigningKey },
                "ada",
                ApiRoles.Admin,
                TimeSpan.FromHours(1),
                DateTimeOffset.UtcNow
            )
        );
        await page.ClickAsync("#sign-in button[type=submit]");

        await page.Locator("#groups tbody tr", new() { HasText = "idempotency" })
            .GetByRole(AriaRole.Button, new() { Name = "Open" })
            .ClickAsync();
        var card = page.Locator($"article.message[data-message-id='{copy}']");
        await card.GetByRole(AriaRole.Button, new() { Name = "Resolve conflict…" }).ClickAsync();
        var sides = card.Locator(".side-by-side > div");
        await Expect(sides.Nth(0)).ToContainTextAsync("user:u-web:wallet +40");
        await Expect(sides.Nth(1)).ToContainTextAsync("user:u-web:wallet +55");
        await ShotAsync(page, "7-conflict");

        await card.Locator(".conflict input").FillAsync("the shop corrected the amount");
        await card.GetByRole(AriaRole.Button, new() { Name = "Apply the dead-lettered copy instead" }).ClickAsync();
        await Expect(page.Locator("#status")).ToContainTextAsync("reversed by reversal:order:web-2");
        Assert.Equal(205, await Ledger.BalanceAsync("u-web"));
        Assert.Equal(1, await Ledger.EntriesAsync("resolution:order:web-2"));
        Assert.Equal(0u, await Broker.CountAsync(Orders.ErrorQueue));

        // Incident control: the pause shows in the list and in the health badge, until resumed.
        await page.ClickAsync("nav button[data-tab=incidents]");
        await page.FillAsync("#pause-type", "OrderCompleted");
        await page.FillAsync("#pause-reason", "incident 42");
        await page.ClickAsync("#pause-form button[type=submit]");
        await Expect(page.Locator("#pauses tbody")).ToContainTextAsync("incident 42");
        await Expect(page.Locator("#health")).ToContainTextAsync("Degraded");
        await ShotAsync(page, "8-paused");
        Assert.Equal(1, await Ledger.ScalarAsync("SELECT count(*) FROM endpoint_pauses"));
        await page.Locator("#pauses tbody tr", new() { HasText = "incident 42" })
            .GetByRole(AriaRole.Button, new() { Name = "Resume" })
            .ClickAsync();
        await Expect(page.Locator("#pauses tbody")).ToContainTextAsync("Nothing is paused.");
        await Expect(page.Locator("#health")).ToContainTextAsync("Healthy");
        Assert.Equal(0, await Ledger.ScalarAsync("SELECT count(*) FROM endpoint_pauses"));
        await Ledger.AssertAuditCleanAndConservedAsync();
    }

    [Fact]
    public async Task Should_explain_a_balance_by_its_lots_and_adjust_it_with_a_second_admins_approval_from_the_page()
    {
        await Entries.ApplyAsync(
            Servers.DataSource,
            Entries.Earn("web-3", "u-lots", 300, expiresAt: DateTimeOffset.UtcNow.AddDays(20)),
            Entries.Earn("web-4", "u-lots", 200)
        );
        await using var api = await ApiHost.StartAsync(Servers);
        await using var chromium = await HeadlessChromium.LaunchAsync();
        var page = await chromium.Browser.NewPageAsync();
        await page.GotoAsync(new Uri(api.Address, "/ops/").ToString());
        await SignInAsync(page, "ada");

        await page.ClickAsync("nav button[data-tab=users]");
        await page.FillAsync("#user-id", "u-lots");
        await page.ClickAsync("#user-form button[type=submit]");
        var lots = page.Locator("#user-detail table[aria-label=Lots] tbody tr");
        await Expect(lots).ToHaveCountAsync(2);
        await Expect(lots.Nth(0)).ToContainTextAsync("order:web-3");
        await Expect(lots.Nth(1)).ToContainTextAsync("never");
        await Expect(page.Locator("#user-detail table[aria-label='Expiring lots']")).ToContainTextAsync("order:web-3");

        // Above the threshold (1,000) it waits, and the admin who asked cannot approve it.
        await page.FillAsync("#adjust-points", "+1500");
        await page.FillAsync("#adjust-reason", "conference speaker");
        await page.ClickAsync("#adjust-form button[type=submit]");
        await Expect(page.Locator("#adjust-result")).ToContainTextAsync("another admin approves it");
        await page.ClickAsync("nav button[data-tab=adjustments]");
        var pending = page.Locator("#pending-adjustments tbody tr", new() { HasText = "conference speaker" });
        await Expect(pending).ToHaveCountAsync(1);
        await pending.GetByRole(AriaRole.Button, new() { Name = "Approve" }).ClickAsync();
        await Expect(page.Locator("#status")).ToContainTextAsync("409");
        await ShotAsync(page, "9-adjustment-pending");
        Assert.Equal(500, await Ledger.BalanceAsync("u-lots"));

        await SignInAsync(page, "bea");
        await page.ClickAsync("nav button[data-tab=adjustments]");
        await pending.GetByRole(AriaRole.Button, new() { Name = "Approve" }).ClickAsync();
        await Expect(page.Locator("#pending-adjustments tbody")).ToContainTextAsync("Nothing waits for approval.");
        Assert.Equal(2000, await Ledger.BalanceAsync("u-lots"));

        await page.ClickAsync("nav button[data-tab=users]");
        await page.ClickAsync("#user-form button[type=submit]");
        await Expect(lots).ToHaveCountAsync(3);
        await Expect(page.Locator("#user-detail table[aria-label=Lots]")).ToContainTextAsync("adjustment:1");
        await ShotAsync(page, "10-lots");

        // The hash chain holds every entry written above; a checkpoint it never reached is named.
        await page.ClickAsync("nav button[data-tab=audit]");
        await page.ClickAsync("#verify-chain");
        await Expect(page.Locator("#status")).ToContainTextAsync("Hash chain intact: 3 link(s), head 3:");
        await page.FillAsync("#audit-checkpoint", $"9:{new string('0', 64)}");
        await page.ClickAsync("#verify-chain");
        await Expect(page.Locator("#audit-result")).ToContainTextAsync("the chain ends at link 3, before the checkpoint's link 9");
        await ShotAsync(page, "11-chain");
        await Ledger.AssertAuditCleanAndConservedAsync();
    }

    private static async Task SignInAsync(IPage page, string admin)
    {
        await page.FillAsync(
            "#token",
            ApiTokens.Mint(
                new JwtOptions { SigningKey = ApiHost.SigningKey },
                admin,
                ApiRoles.Admin,
                TimeSpan.FromHours(1),
                DateTimeOffset.UtcNow
            )
        );
        await page.ClickAsync("#sign-in button[type=submit]");
        await Expect(page.Locator("#who")).ToContainTextAsync($"signed in as {admin} (admin)");
    }

    private async Task ShotAsync(IPage page, string step) =>
        output.WriteLine($"screenshot: {await HeadlessChromium.ScreenshotAsync(page, $"operator-console-{step}")}");

    private async Task DeadLetterAsync(string json, uint inErrorQueue = 1)
    {
        await using (await InProcessProcessor.StartAsync(Servers))
        {
            await Broker.PublishJsonAsync(Orders.Exchange, json, Guid.NewGuid());
            await Eventually.HoldsAsync(
                async () => await Broker.CountAsync(Orders.ErrorQueue) == inErrorQueue,
                Timeout,
                "the order in the error queue"
            );
        }
    }
}
