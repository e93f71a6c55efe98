using Messaging.Admin;
using Messaging.Ledger.Auditing;
using Messaging.Ledger.Tenants;
using static Messaging.Testing.TenantMessages;

namespace Messaging.IntegrationTests.Corrections;

/// <summary>
/// What a reversal means, per entry type (issue 27, item 5), through the processor and the operator's CLI: a reversed order
/// or recognition leaves no stale figure (lifetime earned, an earning cap's room, a giver's allowance, a tenant's recognised),
/// every other type is refused with the domain operation to use instead, and the audit proves the figures.
/// </summary>
[Collection(OperatorsCollection.Name)]
public sealed class ReversalFiguresTests(ServersFixture servers) : ProcessorTest(servers)
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(30);

    private static readonly Dictionary<string, string?> CappedDaily = new()
    {
        ["Earning:SignupBonus"] = "0",
        ["Earning:FirstOrderBonus"] = "0",
        ["Earning:Caps:earned:Daily"] = "100",
    };

    [Fact]
    public async Task Should_count_a_reversed_order_out_of_lifetime_earned_and_give_its_cap_room_back()
    {
        await using (await InProcessProcessor.StartAsync(Servers, CappedDaily))
        {
            await PublishOrderAsync("r-1", 60m);
            await PublishOrderAsync("r-2", 60m);
            await Eventually.HoldsAsync(
                async () => await Ledger.BalanceAsync("ria") == 100,
                Timeout,
                "both orders applied, the second cut"
            );

            var (code, output, error) = await OperatorCli.RunAsync(Servers, ["reverse", "order:r-1", "--reason", "returned"]);
            Assert.True(code == ExitCodes.Ok, error);
            Assert.Contains("reversed by reversal:order:r-1", output, StringComparison.Ordinal);

            // Its 60 points of the day's 100 came back with it: another order that day earns in full.
            await PublishOrderAsync("r-3", 60m);
            await Eventually.HoldsAsync(async () => await Ledger.BalanceAsync("ria") == 100, Timeout, "the third order applied");
        }

        Assert.Equal(
            ["100 100 0 0"],
            await Ledger.RowsAsync(
                "SELECT current_points || ' ' || lifetime_earned || ' ' || lifetime_redeemed || ' ' || lifetime_expired FROM user_points"
            )
        );
        Assert.Equal(100, await Ledger.ScalarAsync("SELECT used FROM limit_usage WHERE limit_key = 'earning:ria:earned:day:2026-11-21'"));
        Assert.Equal(
            "60",
            await Ledger.TextAsync(
                "SELECT p.amount::text FROM postings p JOIN journal_entries e ON e.id = p.journal_entry_id "
                    + "WHERE e.idempotency_key = 'order:r-3' AND p.amount > 0"
            )
        );
        await Ledger.AssertAuditCleanAndConservedAsync();
    }

    [Fact]
    public async Task Should_give_a_reversed_recognitions_points_back_to_the_pool_and_its_givers_allowance()
    {
        await Ledger.RegisterTenantAsync("acme", monthlyGivingAllowance: 100);
        var rejected = await Broker.SubscribeAsync("recognition-rejected");
        await using (await InProcessProcessor.StartAsync(Servers))
        {
            await Broker.PublishJsonAsync("allocate-to-tenant", Allocation("a-1", "acme", 1000), Guid.NewGuid(), userId: BrokerRoles.Admin);
            await Eventually.HoldsAsync(async () => await Ledger.PoolAsync("acme") == 1000, Timeout, "the allocation applied");
            await PublishRecognitionAsync("g-1", 80);
            await PublishRecognitionAsync("g-2", 50);
            await Eventually.HoldsAsync(async () => await Broker.CountAsync(rejected) == 1, Timeout, "g-2 refused: past gia's allowance");

            var (code, _, error) = await OperatorCli.RunAsync(Servers, ["reverse", "recognition:g-1", "--reason", "sent to the wrong bob"]);
            Assert.True(code == ExitCodes.Ok, error);

            await PublishRecognitionAsync("g-3", 50);
            await Eventually.HoldsAsync(async () => await Ledger.BalanceAsync("bob") == 50, Timeout, "g-3 applied within the allowance");
        }

        Assert.Equal(1u, await Broker.CountAsync(rejected));
        Assert.Equal(950, await Ledger.PoolAsync("acme"));
        Assert.Equal(50, await Ledger.ScalarAsync("SELECT used FROM limit_usage WHERE limit_key LIKE 'giving:acme:gia:%'"));
        Assert.Equal(50, await Ledger.ScalarAsync("SELECT lifetime_earned FROM user_points WHERE user_id = 'bob'"));
        Assert.Equal(0, await Ledger.ScalarAsync("SELECT lifetime_redeemed FROM user_points WHERE user_id = 'bob'"));
        var tenant = (await new TenantDirectory(Servers.DataSource).ListAsync("acme", CancellationToken.None)).Single();
        Assert.Equal((1000L, 50L, 950L), (tenant.Allocated, tenant.Recognised, tenant.PoolBalance));
        var activity = (await new TenantReports(Servers.DataSource).ActivityAsync(false, 10, CancellationToken.None)).Single();
        Assert.Equal((1L, 50L), (activity.Recognitions, activity.PointsRecognised));
        await Ledger.AssertAuditCleanAndConservedAsync();
    }

    [Fact]
    public async Task Should_refuse_to_reverse_an_attendance_or_an_adjustment_and_name_the_adjustment_to_make_instead()
    {
        await using (await InProcessProcessor.StartAsync(Servers))
        {
            await Broker.PublishJsonAsync(
                "event-attended",
                Attendance.AttendanceMessages.Attended("e-1", "ann", "workshop", Attendance.AttendanceMessages.Week(45), 25),
                Guid.NewGuid(),
                userId: BrokerRoles.Events
            );
            await Eventually.HoldsAsync(async () => await Ledger.BalanceAsync("ann") == 25, Timeout, "the attendance applied");
        }

        var (adjusted, _, adjustError) = await OperatorCli.RunAsync(Servers, ["adjust", "ann", "+10", "--reason", "speaker"]);
        Assert.True(adjusted == ExitCodes.Ok, adjustError);

        foreach (var key in new[] { "attendance:e-1:ann", "adjustment:1" })
        {
            var (code, _, error) = await OperatorCli.RunAsync(Servers, ["reverse", key, "--reason", "mistake"]);
            Assert.Equal(ExitCodes.Refused, code);
            Assert.Contains("which is not reversed", error, StringComparison.Ordinal);
            Assert.Contains("`adjust USER -N --reason TEXT`", error, StringComparison.Ordinal);
        }

        Assert.Equal(0, await Ledger.EntriesAsync("reversal:"));
        Assert.Equal(35, await Ledger.BalanceAsync("ann"));
        Assert.Equal(2, await Ledger.ScalarAsync("SELECT count(*) FROM operator_actions WHERE action = 'reverse'"));
        await Ledger.AssertAuditCleanAndConservedAsync();
    }

    [Fact]
    public async Task Should_name_a_stale_cap_usage_or_lifetime_figure_when_the_audit_runs()
    {
        await using (await InProcessProcessor.StartAsync(Servers, CappedDaily))
        {
            await PublishOrderAsync("s-1", 30m);
            await Eventually.HoldsAsync(async () => await Ledger.BalanceAsync("ria") == 30, Timeout, "the order applied");
        }

        // As an owner with the triggers off would: a usage row and a wallet's total credits no longer match the journal.
        await Ledger.ScalarAsync(
            """
            WITH bumped AS (UPDATE limit_usage SET used = used + 5 WHERE limit_key LIKE 'earning:ria:%' RETURNING 1)
            SELECT count(*) FROM bumped
            """
        );
        await Ledger.ScalarAsync(
            """
            ALTER TABLE accounts DISABLE TRIGGER trg_accounts_guard_balances;
            UPDATE accounts SET total_credited = total_credited + 7, total_debited = total_debited + 7 WHERE code = 'user:ria:wallet';
            ALTER TABLE accounts ENABLE TRIGGER trg_accounts_guard_balances;
            SELECT 1
            """
        );

        var audit = await new LedgerAuditor(Servers.DataSource).AuditAsync(null, CancellationToken.None);
        Assert.Equal(
            [("earning_cap_usage", "limit earning:ria:earned:day:2026-11-21"), ("lifetime_figures", "user ria")],
            audit.Findings.Select(f => (f.Check, f.Subject)).Order()
        );
        Assert.Contains("lifetime earned 37", audit.Findings.Single(f => f.Check == "lifetime_figures").Problem, StringComparison.Ordinal);
    }

    private Task PublishOrderAsync(string orderId, decimal amount) =>
        Broker.PublishJsonAsync(Orders.Exchange, Orders.Json(orderId, "ria", amount), Guid.NewGuid(), userId: BrokerRoles.Orders);

    private Task PublishRecognitionAsync(string id, long points) =>
        Broker.PublishJsonAsync("grant-recognition", Recognition(id, "acme", "gia", "bob", points), Guid.NewGuid());
}
