using Messaging.Api.Security;
using Messaging.IntegrationTests.Infrastructure;
using Microsoft.Playwright;
using Xunit.Abstractions;
using static Microsoft.Playwright.Assertions;

namespace Messaging.IntegrationTests.Api;

/// <summary>
/// The operator console in headless Chromium, against the real API, processor, broker and ledger: a dead-lettered order
/// found in its group, its replay previewed as refused again, its currency edited and retried, applied exactly once, and
/// a second retry that does nothing. Screenshots of each step go to .artifacts/test-results/screenshots.
/// </summary>
[Collection(ServersCollection.Name)]
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
        await page.FillAsync("#token", ApiTokens.Mint(new JwtOptions { SigningKey = ApiHost.SigningKey }, "olga", ApiRoles.Operator, TimeSpan.FromHours(1), DateTimeOffset.UtcNow));
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
            await Expect(page.Locator("#status")).ToContainTextAsync("Retried");
            await Eventually.HoldsAsync(async () => await Ledger.EntriesAsync("order:web-1") == 1 && await Broker.CountAsync(Orders.Queue) == 0,
                Timeout, "the corrected copy applied");

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
        await Expect(page.Locator("#user-detail table")).ToContainTextAsync("order:web-1");
        await ShotAsync(page, "5-user");
        await page.ClickAsync("nav button[data-tab=log]");
        await Expect(page.Locator("#operator-log tbody")).ToContainTextAsync("dlq-edit");
        await ShotAsync(page, "6-operator-log");

        // The one failed request (the second retry's 404) is the only error the page met.
        Assert.DoesNotContain(errors, e => !e.Contains("404", StringComparison.Ordinal));
        await Ledger.AssertAuditCleanAndConservedAsync();
    }

    private async Task ShotAsync(IPage page, string step) =>
        output.WriteLine($"screenshot: {await HeadlessChromium.ScreenshotAsync(page, $"operator-console-{step}")}");

    private async Task DeadLetterAsync(string json)
    {
        await using (await InProcessProcessor.StartAsync(Servers))
        {
            await Broker.PublishJsonAsync(Orders.Exchange, json, Guid.NewGuid());
            await Eventually.HoldsAsync(async () => await Broker.CountAsync(Orders.ErrorQueue) == 1, Timeout, "the order in the error queue");
        }
    }
}
