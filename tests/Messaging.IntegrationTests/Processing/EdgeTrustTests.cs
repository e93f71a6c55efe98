using System.Text.Json;
using Messaging.Contracts;
using RabbitMQ.Client;
using RabbitMQ.Client.Exceptions;

namespace Messaging.IntegrationTests.Processing;

/// <summary>
/// Every party on its own broker login, as eng/rabbitmq/users.tsv provisions them: the producer publishes as
/// its kind's own user (ledger_orders, ledger_redemptions, …; with its user_id, as careful producers do), admins as
/// ledger_admin, fulfilments as ledger_fulfilment,
/// the processor consumes as ledger_processor and dead letters are replayed as ledger_dlq. What a refusal, a replay or a
/// forged message does at those edges.
/// </summary>
[Collection(EdgesCollection.Name)]
public sealed class EdgeTrustTests(ServersFixture servers) : ProcessorTest(servers)
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(60);

    [Fact]
    public async Task Should_park_each_refused_order_once_with_its_reason_and_apply_the_rest_once_when_orders_carry_the_producers_user_id()
    {
        const int orders = 60;
        var refused = Enumerable.Range(0, orders).Where(i => i % 10 == 3).ToHashSet();
        await using (await InProcessProcessor.StartAsync(Servers))
        {
            for (var i = 0; i < orders; i++)
            {
                await Broker.PublishJsonAsync(
                    Orders.Exchange,
                    Orders.Json($"uid-{i}", $"u-{i % 7}", 10m, refused.Contains(i) ? "XYZ" : "USD"),
                    Guid.NewGuid(),
                    userId: BrokerRoles.Orders
                );
            }

            await Eventually.HoldsAsync(
                async () =>
                    await Ledger.EntriesAsync("order:uid-") == orders - refused.Count
                    && await Broker.CountAsync(Orders.ErrorQueue) >= refused.Count,
                Timeout,
                "the good orders applied and the refused ones parked"
            );
            // Long enough for a redelivery loop (the channel closed by a refused re-publish) to park more copies.
            await Task.Delay(TimeSpan.FromSeconds(3));
            Assert.Equal((uint)refused.Count, await Broker.CountAsync(Orders.ErrorQueue));
            Assert.Equal(0, await Ledger.ScalarAsync("SELECT count(*) - count(DISTINCT idempotency_key) FROM ledger_refusals"));

            // Replayed as the dead-letter tool's user: refused again, parked again once each, nothing else moves.
            var (code, output, error) = await DeadLetterCliAsync("dlq", "replay", "--yes");
            Assert.True(code == 0, output + error);
            await Eventually.HoldsAsync(
                async () => await Broker.CountAsync(Orders.ErrorQueue) == (uint)refused.Count && await Broker.CountAsync(Orders.Queue) == 0,
                Timeout,
                "the replayed orders refused and parked again"
            );
            await Task.Delay(TimeSpan.FromSeconds(3));
            Assert.Equal((uint)refused.Count, await Broker.CountAsync(Orders.ErrorQueue));

            // Edited as the dead-letter tool's user (a currency, which an operator may correct): the copy applies once.
            var (_, shown, _) = await DeadLetterCliAsync("dlq", "show", "--json", "--limit", "1");
            var target = JsonDocument.Parse(shown).RootElement.GetProperty("messages")[0].GetProperty("messageId").GetString()!;
            var (edited, editOutput, editError) = await DeadLetterCliAsync("dlq", "edit", target, "--set", "currency=USD");
            Assert.True(edited == 0, editOutput + editError);
            await Eventually.HoldsAsync(
                async () => await Ledger.EntriesAsync("order:uid-") == orders - refused.Count + 1,
                Timeout,
                "the edited order applied"
            );
            await Task.Delay(TimeSpan.FromSeconds(2));
        }

        var parked = await Broker.DrainAsync(Orders.ErrorQueue);
        Assert.Equal(refused.Count - 1, parked.Count);
        Assert.All(parked, dead =>
        {
            Assert.Contains("XYZ", dead.Headers["MT-Fault-Message"], StringComparison.Ordinal);
            Assert.DoesNotContain("delivery_limit", dead.Headers.GetValueOrDefault("x-first-death-reason") ?? "", StringComparison.Ordinal);
            Assert.Equal(BrokerRoles.Orders, dead.Headers["x-original-user-id"]);
            Assert.Equal(Orders.Exchange, dead.Headers["x-original-exchange"]);
        });
        Assert.Equal(
            refused.Count - 1,
            parked.Select(p => JsonDocument.Parse(p.Body).RootElement.GetProperty("orderId").GetString()).Distinct().Count()
        );
        Assert.Equal(orders - refused.Count + 1, await Ledger.EntriesAsync("order:uid-"));
        Assert.Empty(await Ledger.ViolationsAsync());
    }

    /// <summary>Every queue the processor consumes from outside, with the exchange its upstream system publishes to.</summary>
    public static TheoryData<string, string> ConsumedFromOutside()
    {
        var data = new TheoryData<string, string>();
        foreach (var endpoint in Messaging.Operations.Endpoints.LedgerEndpoints.All.Where(e => e.PausedAs is not null))
        {
            var contracts = endpoint.SoleContract is { } sole
                ? [sole]
                : new[]
                {
                    typeof(Messaging.Contracts.Redemption.RedeemRequested),
                    typeof(Messaging.Contracts.Redemption.RewardIssued),
                    typeof(Messaging.Contracts.Redemption.RewardIssueFailed),
                };
            foreach (var contract in contracts)
            {
                data.Add(ContractExchanges.ExchangeFor(contract), endpoint.Queue);
            }
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(ConsumedFromOutside))]
    public async Task Should_park_a_refused_message_that_carries_its_publishers_user_id_once_with_its_reason(string exchange, string queue)
    {
        var publisher = Broker.PublisherOf(exchange);
        var id = Guid.NewGuid();
        await using (await InProcessProcessor.StartAsync(Servers))
        {
            await Broker.PublishJsonAsync(exchange, """{"unexpected":true}""", id, userId: publisher);
            await Eventually.HoldsAsync(
                async () => await Broker.CountAsync(queue + "_error") >= 1,
                Timeout,
                $"the message parked in {queue}_error"
            );
            await Task.Delay(TimeSpan.FromSeconds(2));
        }

        var dead = Assert.Single(await Broker.DrainAsync(queue + "_error"));
        Assert.Equal(id.ToString(), dead.MessageId);
        Assert.Contains("refused", dead.Headers["MT-Fault-Message"], StringComparison.Ordinal);
        Assert.Equal(publisher, dead.Headers["x-original-user-id"]);
        Assert.Equal(exchange, dead.Headers["x-original-exchange"]);
        Assert.Equal(0, await Ledger.EntriesAsync());
    }

    [Fact]
    public async Task Should_refuse_a_replayed_allocation_with_a_reason_and_mint_nothing()
    {
        await using (await InProcessProcessor.StartAsync(Servers))
        {
            // Refused first because the tenant is not registered yet: parked with the admin's user id kept as a header.
            await Broker.PublishJsonAsync(
                "allocate-to-tenant",
                Allocation("replayed-1", "acme", 500),
                Guid.NewGuid(),
                userId: BrokerRoles.Admin
            );
            await Eventually.HoldsAsync(async () => await Broker.CountAsync(AllocationErrorQueue) == 1, Timeout, "the allocation parked");

            var (added, addOutput, addError) = await OperatorCli.RunAsync(Servers, "tenant", "add", "acme", "--name", "Acme");
            Assert.True(added == 0, addOutput + addError);
            var (code, output, error) = await DeadLetterCliAsync("dlq", "replay", "--yes");
            Assert.True(code == 0, output + error);
            await Eventually.HoldsAsync(
                async () =>
                    await Ledger.ScalarAsync("SELECT count(*) FROM ledger_refusals WHERE idempotency_key = 'allocation:replayed-1'") == 1
                    && await Broker.CountAsync(AllocationErrorQueue) == 1,
                Timeout,
                "the replay refused and parked again"
            );
            await Task.Delay(TimeSpan.FromSeconds(2));
        }

        var dead = Assert.Single(await Broker.DrainAsync(AllocationErrorQueue));
        Assert.Contains(
            "was replayed or edited from a dead-letter queue (first published by RabbitMQ user 'ledger_admin'): a replay cannot mint",
            dead.Headers["MT-Fault-Message"],
            StringComparison.Ordinal
        );
        Assert.Contains("Re-issue it as an administrator", dead.Headers["MT-Fault-Message"], StringComparison.Ordinal);
        Assert.Equal(0, await Ledger.EntriesAsync("allocation:"));
        Assert.Equal(0, await Ledger.PoolAsync("acme"));
        Assert.Equal(1, await Ledger.ScalarAsync("SELECT count(*) FROM ledger_refusals"));
    }

    [Fact]
    public async Task Should_refuse_a_fulfilment_answer_forged_through_the_request_exchange_and_take_it_only_from_the_fulfilment_user()
    {
        await RedemptionMessages.AddRewardAsync(Servers.DataSource, "hoodie", 400, fulfilmentKind: "merch");
        await RedemptionMessages.CreditAsync(Servers.DataSource, "u-1", 1000);
        var outcomes = await Broker.SubscribeOutcomesAsync();
        await using var processor = await InProcessProcessor.StartAsync(Servers);
        var id = Guid.NewGuid();
        await Broker.RequestAsync(id, "u-1", "hoodie");
        await Eventually.HoldsAsync(
            async () => await Ledger.HeldAsync("u-1") == 400,
            Timeout,
            "the points held while the fulfilment works"
        );

        // A redemption app may publish redemption requests only; as plain JSON with another contract's type, and as an envelope.
        await Broker.PublishJsonAsync(
            RedemptionMessages.RequestExchange,
            RedemptionMessages.IssueFailed(id, "forged"),
            Guid.NewGuid(),
            type: "RewardIssueFailed"
        );
        await Broker.PublishJsonAsync(
            RedemptionMessages.RequestExchange,
            Envelope("RewardIssueFailed", RedemptionMessages.IssueFailed(id, "forged")),
            Guid.NewGuid(),
            contentType: "application/vnd.masstransit+json"
        );
        await Eventually.HoldsAsync(
            async () => await Broker.CountAsync(RedemptionMessages.ErrorQueue) == 2,
            Timeout,
            "both forged answers parked"
        );
        var refusedDirectly = await Assert.ThrowsAnyAsync<RabbitMQClientException>(() =>
            Broker.PublishJsonAsync(
                "reward-issue-failed",
                RedemptionMessages.IssueFailed(id, "forged"),
                Guid.NewGuid(),
                asUser: BrokerRoles.Redemptions
            )
        );
        Assert.Contains("ACCESS_REFUSED", refusedDirectly.ToString(), StringComparison.Ordinal);

        Assert.Equal(400, await Ledger.HeldAsync("u-1"));
        Assert.Equal("AwaitingReward", await Ledger.TextAsync($"SELECT current_state FROM redemption_sagas WHERE correlation_id = '{id}'"));
        Assert.All(await Broker.DrainAsync(RedemptionMessages.ErrorQueue), dead =>
            Assert.Contains(
                "published to exchange 'redeem-requested' says it is RewardIssueFailed, but that exchange carries only RedeemRequested",
                dead.Headers["MT-Fault-Message"],
                StringComparison.Ordinal
            )
        );

        // The fulfilment's own answer, as its own user through its own exchange, decides.
        Assert.Equal(BrokerRoles.Fulfilment, Broker.PublisherOf("reward-issue-failed"));
        await Broker.PublishJsonAsync("reward-issue-failed", RedemptionMessages.IssueFailed(id, "out of stock"), Guid.NewGuid());
        var (exchange, body) = await outcomes.AwaitAsync(id, Timeout);
        Assert.Equal(RedemptionMessages.Failed, exchange);
        Assert.Equal("out of stock", body.GetProperty("detail").GetString());
    }

    [Theory]
    [InlineData(BrokerRoles.Orders)]
    [InlineData(BrokerRoles.Redemptions)]
    [InlineData("ledger_recognition")]
    [InlineData("ledger_metering")]
    [InlineData("ledger_events")]
    [InlineData(BrokerRoles.Admin)]
    [InlineData(BrokerRoles.Fulfilment)]
    [InlineData(BrokerRoles.DeadLetters)]
    public async Task Should_refuse_to_delete_or_rebind_the_shared_exchanges_and_queues_when_the_user_is_not_the_processor(string user)
    {
        await using (await InProcessProcessor.StartAsync(Servers)) { }

        var attempts = new Dictionary<string, Func<IChannel, Task>>
        {
            ["delete exchange order-completed"] = channel => channel.ExchangeDeleteAsync(Orders.Exchange),
            ["delete queue ledger-order-completed"] = channel => channel.QueueDeleteAsync(Orders.Queue),
            ["purge queue ledger-order-completed"] = channel => channel.QueuePurgeAsync(Orders.Queue),
            ["bind queue ledger-order-completed to points-earned"] = channel => channel.QueueBindAsync(Orders.Queue, "points-earned", ""),
            ["bind exchange ledger-order-completed to allocate-to-tenant"] = channel =>
                channel.ExchangeBindAsync(Orders.Queue, "allocate-to-tenant", ""),
            ["declare exchange order-completed"] = channel =>
                channel.ExchangeDeclareAsync(Orders.Exchange, ExchangeType.Fanout, durable: true),
        };
        await using var connection = await Servers
            .Rabbit.As(user)
            .ConnectionFactory(Servers.VirtualHost, $"test-{user}")
            .CreateConnectionAsync();
        foreach (var (what, attempt) in attempts)
        {
            await using var channel = await connection.CreateChannelAsync();
            var refused = await Assert.ThrowsAnyAsync<OperationInterruptedException>(() => attempt(channel));
            Assert.True(refused.ShutdownReason?.ReplyCode == 403, $"{user}: {what} was not refused with ACCESS_REFUSED: {refused.Message}");
        }

        Assert.Equal(1u, (uint)(await Servers.Management.QueueNamesAsync(Servers.VirtualHost)).Count(q => q == Orders.Queue));
    }

    [Fact]
    public async Task Should_keep_each_kind_of_upstream_system_to_its_own_contracts_and_answers()
    {
        await using (await InProcessProcessor.StartAsync(Servers)) { }

        // A recognition app can neither mint points by publishing an order nor read the voucher codes redemptions answer with.
        await using var connection = await Servers
            .Rabbit.As("ledger_recognition")
            .ConnectionFactory(Servers.VirtualHost, "test-recognition-app")
            .CreateConnectionAsync();
        await using (
            var channel = await connection.CreateChannelAsync(
                new CreateChannelOptions(publisherConfirmationsEnabled: true, publisherConfirmationTrackingEnabled: true)
            )
        )
        {
            var minted = await Assert.ThrowsAnyAsync<RabbitMQClientException>(async () =>
                await channel.BasicPublishAsync(
                    Orders.Exchange,
                    "",
                    mandatory: false,
                    new BasicProperties(),
                    System.Text.Encoding.UTF8.GetBytes(Orders.Json("r-1", "me", 1000m))
                )
            );
            Assert.Contains("ACCESS_REFUSED", minted.ToString(), StringComparison.Ordinal);
        }

        await using (var channel = await connection.CreateChannelAsync())
        {
            var queue = (await channel.QueueDeclareAsync("", durable: false, exclusive: true, autoDelete: true)).QueueName;
            var read = await Assert.ThrowsAnyAsync<OperationInterruptedException>(() =>
                channel.QueueBindAsync(queue, RedemptionMessages.Completed, "")
            );
            Assert.Equal((ushort)403, read.ShutdownReason?.ReplyCode);
        }

        Assert.Equal(0, await Ledger.EntriesAsync());
    }

    private const string AllocationErrorQueue = "ledger-tenant-allocations_error";

    private static string Allocation(string id, string tenant, long points) => TenantMessages.Allocation(id, tenant, points);

    private static string Envelope(string type, string message) =>
        $$"""{"messageId":"{{Guid.NewGuid()}}","messageType":["urn:message:Messaging.Contracts.Redemption:{{type}}"],"message":"""
        + $$"""{{message}}}""";

    private async Task<(int Code, string Output, string Error)> DeadLetterCliAsync(params string[] args) =>
        await OperatorCli.RunAsync(
            Servers,
            [
                .. args,
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
}
