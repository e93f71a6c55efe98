using System.Text;
using MassTransit;
using Messaging.Contracts;
using Messaging.Contracts.Earning;
using Messaging.Contracts.Gate;
using Messaging.Contracts.Redemption;

namespace Messaging.UnitTests.Contracts;

/// <summary>The contract gate's verdicts and the words of its reasons, without a broker.</summary>
public sealed class ContractGateTests
{
    private const string Order = """{"orderId":"p-1","userId":"u-1","amount":12.5,"currency":"USD","occurredAt":"2026-11-21T10:00:00Z"}""";

    private static readonly ContractGate Gate = new(ContractSchemas.Published);

    [Fact]
    public void Should_load_a_schema_for_every_contract_when_the_processor_starts()
    {
        var loaded = ContractSchemas.Published.All.Select(s => s.Contract).ToHashSet();

        Assert.Equal(ContractExchanges.Contracts.OrderBy(c => c.Name), loaded.OrderBy(c => c.Name));
        Assert.Equal("contracts/schemas/order-completed.v1.json", ContractSchemas.Published.For(typeof(OrderCompleted)).File);
    }

    [Fact]
    public void Should_let_a_valid_order_through_when_it_matches_its_schema()
    {
        Gate.CheckPlainJson(typeof(OrderCompleted), Encoding.UTF8.GetBytes(Order));
    }

    [Theory]
    [InlineData(
        "\"12,50\"",
        "OrderCompleted refused: /amount must match the pattern ^(0|[1-9][0-9]{0,11})(\\.[0-9]+)?$ "
            + "(for example \"12.50\"), got a string (\"12,50\")"
    )]
    [InlineData(
        "\"1e3\"",
        "/amount must match the pattern ^(0|[1-9][0-9]{0,11})(\\.[0-9]+)?$ (for example \"12.50\"), got a string (\"1e3\")"
    )]
    [InlineData("\"-3\"", "/amount must match the pattern")]
    [InlineData("1e400", "/amount must be less than 1000000000000, got a number (1e400)")]
    [InlineData("true", "/amount must be a number or a string, got true")]
    [InlineData("-3", "/amount must be at least 0, got a number (-3)")]
    [InlineData("null", "/amount must be a number or a string, got null")]
    public void Should_name_the_field_and_the_rule_when_the_amount_breaks_the_schema(string amount, string reason)
    {
        var refusal = Refuse(typeof(OrderCompleted), Order.Replace("12.5", amount, StringComparison.Ordinal));

        Assert.Contains(reason, refusal.Message, StringComparison.Ordinal);
        Assert.EndsWith(
            "(the contract is contracts/schemas/order-completed.v1.json). The ledger is unchanged.",
            refusal.Message,
            StringComparison.Ordinal
        );
        Assert.Equal("contract_violation", refusal.ReasonCode);
    }

    [Theory]
    [InlineData("\"12.50\"")]
    [InlineData("\"0.5\"")]
    [InlineData("12.50")]
    public void Should_accept_an_amount_as_a_number_or_a_plain_decimal_string_when_masstransit_writes_decimals_as_strings(string amount)
    {
        Gate.CheckPlainJson(typeof(OrderCompleted), Encoding.UTF8.GetBytes(Order.Replace("12.5", amount, StringComparison.Ordinal)));
    }

    [Fact]
    public void Should_refuse_a_string_for_a_whole_number_when_the_field_counts_points()
    {
        var body =
            """{"redemptionId":"3f2504e0-4f89-11d3-9a0c-0305e82c3301","userId":"u-1","rewardId":"r-1","requestedAt":"2026-"""
            + """11-21T10:00:00Z","expectedPoints":"12"}""";

        var refusal = Refuse(typeof(RedeemRequested), body);

        Assert.Contains(
            "RedeemRequested refused: /expectedPoints must be a whole number or null, got a string (\"12\")",
            refusal.Message,
            StringComparison.Ordinal
        );
    }

    [Fact]
    public void Should_refuse_an_over_long_optional_field_when_the_schema_bounds_it()
    {
        var refusal = Refuse(
            typeof(OrderCompleted),
            Order.Replace("}", $",\"tenantId\":\"{new string('t', 150)}\"}}", StringComparison.Ordinal)
        );

        Assert.Contains(
            "/tenantId must be at most 100 characters, got a string of 150 characters (\"tttt",
            refusal.Message,
            StringComparison.Ordinal
        );
    }

    [Theory]
    [InlineData(",\"Amount\":-5}")]
    [InlineData(",\"TENANTID\":\"t\"}")]
    public void Should_refuse_a_field_named_in_another_case_when_the_reader_would_take_it_unchecked(string extra)
    {
        var refusal = Refuse(typeof(OrderCompleted), Order.Replace("}", extra, StringComparison.Ordinal));

        Assert.Contains(
            "is not a field of the contract: field names are case-sensitive, write /",
            refusal.Message,
            StringComparison.Ordinal
        );
    }

    [Fact]
    public void Should_list_every_broken_rule_when_several_fields_are_wrong()
    {
        var refusal = Refuse(
            typeof(OrderCompleted),
            """{"orderId":"","amount":5,"currency":"dollars","occurredAt":"2026-11-21T10:00:00"}"""
        );

        Assert.Contains("/userId is required", refusal.Message, StringComparison.Ordinal);
        Assert.Contains("/orderId must not be empty, got a string (\"\")", refusal.Message, StringComparison.Ordinal);
        Assert.Contains(
            "/currency must match the pattern ^[A-Za-z]{3}$, got a string (\"dollars\")",
            refusal.Message,
            StringComparison.Ordinal
        );
        Assert.Contains("/occurredAt must be a date-time with an offset", refusal.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Should_refuse_what_the_schema_allows_but_the_record_cannot_read_when_it_names_the_field()
    {
        var refusal = Refuse(typeof(OrderCompleted), Order.Replace("T10", " 10", StringComparison.Ordinal));

        Assert.Contains("/occurredAt must be an ISO 8601 date-time with a 'T' and an offset", refusal.Message, StringComparison.Ordinal);
        Assert.Contains("got a string (\"2026-11-21 10:00:00Z\")", refusal.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Should_refuse_a_whole_number_written_with_a_fraction_when_the_record_holds_a_long()
    {
        var body =
            """{"redemptionId":"3f2504e0-4f89-11d3-9a0c-0305e82c3301","userId":"u-1","rewardId":"r-1","requestedAt":"2026-"""
            + """11-21T10:00:00Z","expectedPoints":12.0}""";

        var refusal = Refuse(typeof(RedeemRequested), body);

        Assert.Contains(
            "RedeemRequested refused: /expectedPoints must be a whole number written without a fraction or exponent",
            refusal.Message,
            StringComparison.Ordinal
        );
    }

    [Theory]
    [InlineData("", "the body is empty")]
    [InlineData("  \n ", "the body is empty")]
    [InlineData(
        """{"orderId":"p-1","userId":"u-1","amount":10,"currency":"USD",""",
        "the body is not valid JSON near /currency (line 1, byte 61)"
    )]
    [InlineData("""{"orderId":"p-1","amount":tru}""", "the body is not valid JSON near /amount")]
    [InlineData("""[1,2,{"a":x}]""", "the body is not valid JSON near /2/a")]
    [InlineData("[]", "the message must be an object, got an array of 0 item(s)")]
    public void Should_say_what_is_wrong_with_the_body_when_it_is_not_a_json_object(string body, string reason)
    {
        var refusal = Refuse(typeof(OrderCompleted), body);

        Assert.Contains(reason, refusal.Message, StringComparison.Ordinal);
        Assert.StartsWith("OrderCompleted refused: ", refusal.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Should_refuse_invalid_utf8_when_it_names_the_offset()
    {
        var body = Encoding.UTF8.GetBytes(Order);
        body[13] = 0xFF;

        var refusal = Assert.Throws<MessageRejectedException>(() => Gate.CheckPlainJson(typeof(OrderCompleted), body));

        Assert.Contains("the body is not valid UTF-8 (the first bad byte is at offset 13)", refusal.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Should_refuse_an_over_deep_document_when_it_nests_past_the_limit()
    {
        var body = Order.Replace("}", ",\"extra\":" + new string('[', 40) + new string(']', 40) + "}", StringComparison.Ordinal);

        var refusal = Refuse(typeof(OrderCompleted), body);

        Assert.Contains(
            $"the body is nested deeper than {ContractGate.MaxDepth} levels at /extra/0/0",
            refusal.Message,
            StringComparison.Ordinal
        );
    }

    [Fact]
    public void Should_point_into_the_envelope_when_a_masstransit_message_breaks_its_schema()
    {
        var envelope =
            $$"""{"messageId":"{{Guid.NewGuid()}}","messageType":["{{MessageUrn.ForTypeString<OrderCompleted>()}}"],"message":"""
            + $$"""{{Order.Replace("12.5", "\"12,50\"", StringComparison.Ordinal)}}}""";

        var refusal = Assert.Throws<MessageRejectedException>(() => Gate.CheckEnvelope(Encoding.UTF8.GetBytes(envelope)));

        Assert.Contains("OrderCompleted refused: /message/amount must match the pattern", refusal.Message, StringComparison.Ordinal);
        Assert.Contains("got a string (\"12,50\")", refusal.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Should_leave_an_envelope_to_masstransit_when_it_names_no_contract_of_ours()
    {
        var envelope = """{"messageType":["urn:message:Someone.Else:Thing"],"message":{"amount":"x"}}""";

        Gate.CheckEnvelope(Encoding.UTF8.GetBytes(envelope));
    }

    [Theory]
    [InlineData(null, null)]
    [InlineData("application/json", null)]
    [InlineData("application/json; charset=utf-8", null)]
    [InlineData("application/vnd.masstransit+json", null)]
    [InlineData("text/plain", "its content type 'text/plain' is not one the processor reads")]
    [InlineData("application/json; charset=iso-8859-1", "the content type says charset iso-8859-1")]
    [InlineData("json", "its content type 'json' is not one the processor reads")]
    public void Should_read_only_json_and_the_masstransit_envelope_in_utf8_when_a_content_type_is_given(
        string? contentType,
        string? refusal
    )
    {
        var verdict = ReadableContentTypes.Refusal(contentType);

        if (refusal is null)
        {
            Assert.Null(verdict);
        }
        else
        {
            Assert.StartsWith(refusal, verdict, StringComparison.Ordinal);
        }
    }

    private static MessageRejectedException Refuse(Type contract, string body)
    {
        var e = Assert.Throws<MessageRejectedException>(() => Gate.CheckPlainJson(contract, Encoding.UTF8.GetBytes(body)));
        File.AppendAllText("/tmp/reasons.txt", e.Message + "\n");
        return e;
    }
}
