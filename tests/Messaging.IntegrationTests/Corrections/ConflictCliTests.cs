using Messaging.Admin;

namespace Messaging.IntegrationTests.Corrections;

/// <summary>`dlq conflict` and `dlq resolve` against a real conflicting order, as the operator's login.</summary>
[Collection(OperatorsCollection.Name)]
public sealed class ConflictCliTests(ServersFixture servers) : ProcessorTest(servers)
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task Should_show_both_copies_and_apply_the_dead_lettered_one_instead_once()
    {
        var copy = Guid.NewGuid().ToString();
        await using (await InProcessProcessor.StartAsync(Servers))
        {
            await Broker.PublishJsonAsync(Orders.Exchange, Orders.Json("k-1", "u-1", 40m), Guid.NewGuid());
            await Eventually.HoldsAsync(async () => await Ledger.EntriesAsync("order:k-1") == 1, Timeout, "the first copy applied");
            await Broker.PublishJsonAsync(Orders.Exchange, Orders.Json("k-1", "u-1", 70m), Guid.Parse(copy));
            await Eventually.HoldsAsync(
                async () => await Broker.CountAsync(Orders.ErrorQueue) == 1,
                Timeout,
                "the conflicting copy in the error queue"
            );
        }

        var (shown, text, _) = await RunAsync("dlq", "conflict", copy);
        Assert.Equal(ExitCodes.Ok, shown);
        Assert.Contains("idempotency key: order:k-1", text, StringComparison.Ordinal);
        Assert.Matches(@"amount\s+applied: 40\s+dead-lettered: 70", text);

        var (refused, _, why) = await RunAsync("dlq", "resolve", copy, "--keep", "dead-lettered", "--reason", " ");
        Assert.Equal(ExitCodes.Usage, refused);
        Assert.Contains("--reason is empty", why, StringComparison.Ordinal);

        var (resolved, output, error) = await RunAsync(
            "dlq",
            "resolve",
            copy,
            "--keep",
            "dead-lettered",
            "--reason",
            "the shop corrected the amount"
        );
        Assert.True(resolved == ExitCodes.Ok, error);
        Assert.Contains("resolution:order:k-1", output, StringComparison.Ordinal);
        Assert.Equal(220, await Ledger.BalanceAsync("u-1"));
        Assert.Equal(0u, await Broker.CountAsync(Orders.ErrorQueue));
        Assert.Equal(
            1,
            await Ledger.ScalarAsync("SELECT count(*) FROM operator_actions WHERE operator = 'tester' AND action = 'resolve-conflict'")
        );

        var (again, _, gone) = await RunAsync("dlq", "resolve", copy, "--keep", "dead-lettered", "--reason", "again");
        Assert.Equal(ExitCodes.NotFound, again);
        Assert.Contains($"No dead-lettered message {copy}", gone, StringComparison.Ordinal);
        Assert.Equal(220, await Ledger.BalanceAsync("u-1"));
        await Ledger.AssertAuditCleanAndConservedAsync();
    }

    private Task<(int Code, string Output, string Error)> RunAsync(params string[] args) =>
        OperatorCli.RunAsync(
            Servers,
            [
                .. args,
                "--rabbit-host",
                TestSettings.RabbitHost,
                "--rabbit-user",
                BrokerRoles.DeadLetters,
                "--rabbit-password",
                BrokerRoles.PasswordOf(BrokerRoles.DeadLetters),
                "--rabbit-vhost",
                Servers.VirtualHost,
            ]
        );
}
