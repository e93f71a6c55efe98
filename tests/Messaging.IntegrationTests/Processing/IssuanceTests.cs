using System.Diagnostics.Metrics;
using System.Text.Json;
using Messaging.Ledger.Auditing;
using static Messaging.IntegrationTests.Attendance.AttendanceMessages;

namespace Messaging.IntegrationTests.Processing;

/// <summary>
/// Each kind of upstream system mints from its own issuance account (orders, events, admins), so the ledger shows who
/// minted what; and each may be capped per UTC day (<c>Issuance:DailyCaps:&lt;issuer&gt;</c>): beyond the cap a message is
/// parked with its reason, nothing minted, and <c>ledger.messages.parked</c> counts it by reason.
/// </summary>
[Collection(ProcessWideCollection.Name)]
public sealed class IssuanceTests(ServersFixture servers) : ProcessorTest(servers)
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(60);

    private static readonly Dictionary<string, string?> NoBonuses = new()
    {
        ["Earning:SignupBonus"] = "0",
        ["Earning:FirstOrderBonus"] = "0",
    };

    [Fact]
    public async Task Should_mint_each_issuers_points_from_its_own_issuance_account_and_name_them_in_the_audit()
    {
        await Ledger.RegisterTenantAsync("acme");
        await using (await InProcessProcessor.StartAsync(Servers))
        {
            await Broker.PublishJsonAsync(Orders.Exchange, Orders.Json("o-1", "ann", 40m), Guid.NewGuid(), userId: BrokerRoles.Orders);
            await Broker.PublishJsonAsync(
                Exchange,
                Attended("e-1", "ann", "workshop", Week(45), 25),
                Guid.NewGuid(),
                userId: BrokerRoles.Events
            );
            await Broker.PublishJsonAsync(
                "allocate-to-tenant",
                TenantMessages.Allocation("a-1", "acme", 700),
                Guid.NewGuid(),
                userId: BrokerRoles.Admin
            );
            await Eventually.HoldsAsync(
                async () =>
                    await Ledger.EntriesAsync("order:o-1") == 1
                    && await Ledger.EntriesAsync("attendance:e-1:ann") == 1
                    && await Ledger.EntriesAsync("allocation:a-1") == 1,
                Timeout,
                "the order, the attendance and the allocation applied"
            );
        }

        var mintedBy = await Ledger.RowsAsync(
            """
            SELECT a.code || ' ' || e.entry_type || ' ' || -p.amount FROM postings p
            JOIN accounts a ON a.id = p.account_id AND a.kind = 'platform_issuance'
            JOIN journal_entries e ON e.id = p.journal_entry_id
            ORDER BY 1
            """
        );
        Assert.Equal(
            [
                "platform:issuance:admins tenant_allocation 700",
                "platform:issuance:events attendance 25",
                "platform:issuance:orders earned 40",
                "platform:issuance:orders first_order 50",
                "platform:issuance:orders signup 100",
            ],
            mintedBy
        );

        var audit = await new LedgerAuditor(Servers.DataSource).AuditAsync(null, CancellationToken.None);
        Assert.Equal(700, audit.IssuedByAccount["platform:issuance:admins"]);
        Assert.Equal(25, audit.IssuedByAccount["platform:issuance:events"]);
        Assert.Equal(190, audit.IssuedByAccount["platform:issuance:orders"]);
        Assert.Equal(915, audit.PointsIssued);
        Assert.True(audit.Conserved && audit.Clean);
    }

    [Fact]
    public async Task Should_refuse_orders_beyond_the_issuers_daily_cap_in_delivery_order_and_apply_them_once_replayed_under_a_raised_cap()
    {
        await Ledger.RegisterTenantAsync("acme");
        using var parked = new ParkedCounter();
        var capped = new Dictionary<string, string?>(NoBonuses) { ["Issuance:DailyCaps:orders"] = "1000" };
        await using (await InProcessProcessor.StartAsync(Servers, capped))
        {
            for (var i = 0; i < 30; i++)
            {
                await Broker.PublishJsonAsync(
                    Orders.Exchange,
                    Orders.Json($"cap-{i:00}", $"u-{i % 5}", 100m),
                    Guid.NewGuid(),
                    userId: BrokerRoles.Orders
                );
            }

            // Another issuer, not capped: its minting goes on while orders are refused.
            await Broker.PublishJsonAsync(
                "allocate-to-tenant",
                TenantMessages.Allocation("a-1", "acme", 5000),
                Guid.NewGuid(),
                userId: BrokerRoles.Admin
            );
            await Eventually.HoldsAsync(
                async () => await Broker.CountAsync(Orders.ErrorQueue) == 20 && await Ledger.EntriesAsync("allocation:a-1") == 1,
                Timeout,
                "20 orders parked, the allocation applied"
            );
            await Task.Delay(TimeSpan.FromSeconds(2));
        }

        // The first ten delivered fit the cap exactly; the rest were refused, each once, with nothing minted for them.
        Assert.Equal(
            Enumerable.Range(0, 10).Select(i => $"order:cap-{i:00}"),
            await Ledger.RowsAsync("SELECT idempotency_key FROM journal_entries WHERE idempotency_key LIKE 'order:cap-%' ORDER BY 1")
        );
        Assert.Equal(-1000, await Ledger.ScalarAsync("SELECT balance FROM accounts WHERE code = 'platform:issuance:orders'"));
        Assert.Equal(
            1000,
            await Ledger.ScalarAsync($"SELECT used FROM limit_usage WHERE limit_key = 'issuance:orders:{DateTime.UtcNow:yyyy-MM-dd}'")
        );
        Assert.Equal(20, await Ledger.RefusalsAsync("issuance_cap"));
        Assert.Equal(
            20,
            await Ledger.ScalarAsync("SELECT count(DISTINCT idempotency_key) FROM ledger_refusals WHERE reason_code = 'issuance_cap'")
        );
        Assert.Equal(20, parked.Count);
        Assert.Equal(20u, await Broker.CountAsync(Orders.ErrorQueue));

        // Replayed by the dead-letter tool under a cap raised to 2000: the next ten fit, the last ten are parked again.
        var raised = new Dictionary<string, string?>(NoBonuses) { ["Issuance:DailyCaps:orders"] = "2000" };
        await using (await InProcessProcessor.StartAsync(Servers, raised))
        {
            var (code, output, error) = await OperatorCli.RunAsync(
                Servers,
                [
                    "dlq",
                    "replay",
                    "--yes",
                    "--rabbit-user",
                    BrokerRoles.DeadLetters,
                    "--rabbit-password",
                    BrokerRoles.PasswordOf(BrokerRoles.DeadLetters),
                    "--rabbit-host",
                    Servers.Rabbit.Host,
                    "--rabbit-vhost",
                    Servers.VirtualHost,
                ]
            );
            Assert.True(code == 0, output + error);
            await Eventually.HoldsAsync(
                async () => await Ledger.EntriesAsync("order:cap-") == 20 && await Broker.CountAsync(Orders.ErrorQueue) == 10,
                Timeout,
                "ten replayed orders applied, ten parked again"
            );
            await Task.Delay(TimeSpan.FromSeconds(2));
        }

        Assert.Equal(20, await Ledger.EntriesAsync("order:cap-"));
        // The order errors are replayed in is the error queue's, not the producer's: which ten fit is not asserted, only
        // that every order is either applied once or parked once.
        var letters = await Broker.DrainAsync(Orders.ErrorQueue);
        var applied = await Ledger.RowsAsync(
            "SELECT substr(idempotency_key, 7) FROM journal_entries WHERE idempotency_key LIKE 'order:cap-%'"
        );
        var stillParked = letters.Select(l => JsonDocument.Parse(l.Body).RootElement.GetProperty("orderId").GetString()!).ToList();
        Assert.Equal(Enumerable.Range(0, 30).Select(i => $"cap-{i:00}"), applied.Concat(stillParked).Order(StringComparer.Ordinal));
        Assert.All(letters, letter =>
            Assert.Contains("daily cap of 2000 points", letter.Headers["MT-Fault-Message"], StringComparison.Ordinal)
        );
        Assert.Equal(30, await Ledger.RefusalsAsync("issuance_cap"));
        Assert.Equal(-2000, await Ledger.ScalarAsync("SELECT balance FROM accounts WHERE code = 'platform:issuance:orders'"));
        Assert.Equal(5000, await Ledger.PoolAsync("acme"));
        Assert.Empty(await Ledger.ViolationsAsync());
        await Ledger.AssertAuditCleanAndConservedAsync();
    }

    [Fact]
    public async Task Should_count_only_what_a_message_mints_now_against_the_cap_not_a_bonus_already_given()
    {
        // 100 points per order; the first order also earns the signup (100) and first-order (50) bonuses: 250, then
        // 350 with the second order (its bonuses exist already), and the third would make 450.
        await using (
            await InProcessProcessor.StartAsync(Servers, new Dictionary<string, string?> { ["Issuance:DailyCaps:orders"] = "400" })
        )
        {
            for (var i = 1; i <= 3; i++)
            {
                await Broker.PublishJsonAsync(
                    Orders.Exchange,
                    Orders.Json($"b-{i}", "bea", 100m),
                    Guid.NewGuid(),
                    userId: BrokerRoles.Orders
                );
                var order = i;
                await Eventually.HoldsAsync(
                    async () => await Ledger.EntriesAsync($"order:b-{order}") == 1 || await Broker.CountAsync(Orders.ErrorQueue) == 1,
                    Timeout,
                    $"order b-{order} decided"
                );
            }
        }

        Assert.Equal(350, await Ledger.BalanceAsync("bea"));
        Assert.Equal(0, await Ledger.EntriesAsync("order:b-3"));
        Assert.Equal(1u, await Broker.CountAsync(Orders.ErrorQueue));
        Assert.Equal(1, await Ledger.RefusalsAsync("issuance_cap"));
    }

    /// <summary>Counts <c>ledger.messages.parked</c> for the reason <c>issuance_cap</c>, as a metrics exporter would read it.</summary>
    private sealed class ParkedCounter : IDisposable
    {
        private readonly MeterListener _listener = new();
        private long _count;

        public ParkedCounter()
        {
            _listener.InstrumentPublished = (instrument, listener) =>
            {
                if (instrument.Name == "ledger.messages.parked")
                {
                    listener.EnableMeasurementEvents(instrument);
                }
            };
            _listener.SetMeasurementEventCallback<long>(
                (_, value, tags, _) =>
                {
                    foreach (var tag in tags)
                    {
                        if (tag is { Key: "reason", Value: "issuance_cap" })
                        {
                            Interlocked.Add(ref _count, value);
                        }
                    }
                }
            );
            _listener.Start();
        }

        public long Count => Interlocked.Read(ref _count);

        public void Dispose() => _listener.Dispose();
    }
}
