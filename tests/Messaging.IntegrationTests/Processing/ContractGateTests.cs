using System.Text;
using MassTransit;
using Messaging.Contracts.Earning;

namespace Messaging.IntegrationTests.Processing;

/// <summary>
/// Hostile and careless input against the real processor, RabbitMQ and PostgreSQL: every message that is not what
/// its published schema says is dead-lettered with a reason naming the field, nothing reaches the ledger, and the
/// processor goes on consuming.
/// </summary>
[Collection(ProcessingCollection.Name)]
public sealed class ContractGateTests(ServersFixture servers) : ProcessorTest(servers)
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(30);

    private static readonly string ValidOrder = Orders.Json("p-1", "u-1", 12.5m);

    public static TheoryData<string, byte[], string?, string> BadOrders() =>
        new()
        {
            {
                "text/plain",
                Encoding.UTF8.GetBytes(ValidOrder),
                "text/plain",
                "OrderCompleted refused: its content type 'text/plain' is not one the processor reads"
            },
            {
                "xml",
                "<order id='p-1'/>"u8.ToArray(),
                "application/xml",
                "OrderCompleted refused: its content type 'application/xml' is not one the processor reads"
            },
            {
                "utf-16 charset",
                Encoding.Unicode.GetBytes(ValidOrder),
                "application/json; charset=utf-16",
                "OrderCompleted refused: the content type says charset utf-16"
            },
            {
                "number out of range",
                Body(ValidOrder.Replace("12.5", "1e400", StringComparison.Ordinal)),
                "application/json",
                "/amount must be less than 1000000000000, got a number (1e400)"
            },
            {
                "string for a number",
                Body(ValidOrder.Replace("12.5", "\"12,50\"", StringComparison.Ordinal)),
                "application/json",
                "/amount must match the pattern ^(0|[1-9][0-9]{0,11})(\\.[0-9]+)?$ (for example \"12.50\"), got a string (\"12,50\")"
            },
            {
                "over-long optional field",
                Body(ValidOrder.Replace("}", $",\"tenantId\":\"{new string('t', 101)}\"}}", StringComparison.Ordinal)),
                "application/json",
                "/tenantId must be at most 100 characters, got a string of 101 characters"
            },
            { "empty body", [], "application/json", "OrderCompleted refused: the body is empty" },
            {
                "invalid UTF-8",
                [.. "{\"orderId\":\""u8, 0xC3, 0x28, .. "\"}"u8],
                "application/json",
                "the body is not valid UTF-8 (the first bad byte is at offset 12)"
            },
            {
                "over-deep",
                Body("{\"orderId\":" + new string('[', 100) + new string(']', 100) + "}"),
                "application/json",
                "the body is nested deeper than 32 levels at /orderId/0/0/0/…"
            },
            { "truncated", Body(ValidOrder[..^25]), "application/json", "the body is not valid JSON near /occurredAt" },
            {
                "envelope",
                Body(Envelope(ValidOrder.Replace("12.5", "true", StringComparison.Ordinal))),
                "application/vnd.masstransit+json",
                "OrderCompleted refused: /message/amount must be a number or a string, got true"
            },
        };

    [Theory]
    [MemberData(nameof(BadOrders))]
    public async Task Should_dead_letter_with_a_reason_naming_the_field_and_keep_consuming_when_an_order_breaks_its_contract(
        string what,
        byte[] body,
        string? contentType,
        string reason
    )
    {
        var bad = Guid.NewGuid();
        var good = Guid.NewGuid();
        await using (await InProcessProcessor.StartAsync(Servers))
        {
            await Broker.PublishBodyAsync(Orders.Exchange, body, bad, contentType);
            await Broker.PublishJsonAsync(Orders.Exchange, Orders.Json("p-2", "u-2", 40m), good);
            await Eventually.HoldsAsync(
                async () => await Broker.CountAsync(Orders.ErrorQueue) == 1 && await Ledger.ConsumedAsync(good) == 1,
                Timeout,
                $"the {what} message in the error queue and the good order after it applied"
            );
        }

        var dead = Assert.Single(await Broker.DrainAsync(Orders.ErrorQueue));
        Assert.Equal(bad.ToString(), dead.MessageId);
        Assert.Contains(reason, dead.Headers["MT-Fault-Message"], StringComparison.Ordinal);
        Assert.EndsWith("The ledger is unchanged.", dead.Headers["MT-Fault-Message"], StringComparison.Ordinal);
        Assert.Equal(0, await Ledger.ConsumedAsync(bad));
        Assert.Equal(0, await Ledger.EntriesAsync("order:p-1"));
        Assert.Equal(1, await Ledger.EntriesAsync("order:p-2"));
        Assert.Empty(await Ledger.ViolationsAsync());
    }

    [Fact]
    public async Task Should_dead_letter_a_message_whose_amqp_type_names_no_contract()
    {
        var id = Guid.NewGuid();
        await using (await InProcessProcessor.StartAsync(Servers))
        {
            await Broker.PublishJsonAsync(Orders.Exchange, ValidOrder, id, type: "OrderComplete");
            await Eventually.HoldsAsync(
                async () => await Broker.CountAsync(Orders.ErrorQueue) == 1,
                Timeout,
                "the mistyped message in the error queue"
            );
        }

        var dead = Assert.Single(await Broker.DrainAsync(Orders.ErrorQueue));
        Assert.Contains(
            "has the AMQP type 'OrderComplete', which is no contract this processor reads",
            dead.Headers["MT-Fault-Message"],
            StringComparison.Ordinal
        );
        Assert.Equal(0, await Ledger.ConsumedAsync(id));
        Assert.Equal(0, await Ledger.EntriesAsync());
    }

    [Fact]
    public async Task Should_read_a_message_without_a_content_type_as_plain_json()
    {
        var id = Guid.NewGuid();
        await using (await InProcessProcessor.StartAsync(Servers))
        {
            await Broker.PublishJsonAsync(Orders.Exchange, ValidOrder, id, contentType: null);
            await Eventually.HoldsAsync(
                async () => await Ledger.ConsumedAsync(id) == 1,
                Timeout,
                "the order without a content type applied"
            );
        }

        Assert.Equal(1, await Ledger.EntriesAsync("order:p-1"));
        Assert.Equal(0u, await Broker.CountAsync(Orders.ErrorQueue));
    }

    [Fact]
    public async Task Should_dead_letter_a_redemption_request_that_breaks_its_contract_before_the_saga_sees_it()
    {
        var request = RedemptionMessages
            .Request(Guid.NewGuid(), new string('u', 101), "r-1")
            .Replace("\"expectedPoints\":null", "\"expectedPoints\":\"12\"", StringComparison.Ordinal);
        await using (await InProcessProcessor.StartAsync(Servers))
        {
            await Broker.PublishJsonAsync(RedemptionMessages.RequestExchange, request, Guid.NewGuid());
            await Eventually.HoldsAsync(
                async () => await Broker.CountAsync(RedemptionMessages.ErrorQueue) == 1,
                Timeout,
                "the request in the error queue"
            );
        }

        var dead = Assert.Single(await Broker.DrainAsync(RedemptionMessages.ErrorQueue));
        Assert.Contains(
            "RedeemRequested refused: /expectedPoints must be a whole number or null, got a string (\"12\"); "
                + "/userId must be at most 100 characters, got a string of 101 characters",
            dead.Headers["MT-Fault-Message"],
            StringComparison.Ordinal
        );
        Assert.Equal(0, await Ledger.ScalarAsync("SELECT count(*) FROM redemption_sagas"));
        Assert.Equal(0, await Ledger.InboxAsync());
    }

    private static byte[] Body(string text) => Encoding.UTF8.GetBytes(text);

    private static string Envelope(string message) =>
        $$"""{"messageId":"{{Guid.NewGuid()}}","messageType":["{{MessageUrn.ForTypeString<OrderCompleted>()}}"],"message":{{message}}}""";
}
