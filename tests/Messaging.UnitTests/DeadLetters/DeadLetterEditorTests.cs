using System.Text;
using System.Text.Json;
using Messaging.Operations.Broker;
using Messaging.Operations.DeadLetters;
using RabbitMQ.Client;

namespace Messaging.UnitTests.DeadLetters;

public sealed class DeadLetterEditorTests
{
    private static readonly Guid NewId = Guid.Parse("0b0b0b0b-0000-0000-0000-000000000001");

    [Fact]
    public void Should_keep_each_fields_kind_and_record_the_original_in_the_copy()
    {
        var letter = Letter(
            """{"orderId":"o-1","amount":10,"currency":"XYZ","customer":{"vip":false,"country":"DE"}}""",
            "application/json"
        );

        var (edited, changes) = DeadLetterEditor.Apply(
            letter,
            [new("currency", "USD"), new("amount", "12.50"), new("customer.vip", "true"), new("customer.country", "FR")],
            NewId,
            asAdmin: true
        );

        using var body = JsonDocument.Parse(edited.Body);
        Assert.Equal("USD", body.RootElement.GetProperty("currency").GetString());
        Assert.Equal(12.50m, body.RootElement.GetProperty("amount").GetDecimal());
        Assert.True(body.RootElement.GetProperty("customer").GetProperty("vip").GetBoolean());
        Assert.Equal("FR", body.RootElement.GetProperty("customer").GetProperty("country").GetString());
        Assert.Equal(["currency", "amount", "customer.vip", "customer.country"], changes.Select(c => c.Field));
        Assert.Equal(("\"XYZ\"", "\"USD\""), (changes[0].Before, changes[0].After));
        Assert.Equal(NewId.ToString(), edited.MessageId);
        Assert.Equal("original-1", edited.Headers[DeadLetterEditor.EditedFromHeader]);
        Assert.Equal("currency,amount,customer.vip,customer.country", edited.Headers[DeadLetterEditor.EditedFieldsHeader]);
        Assert.False(edited.Headers.ContainsKey("MT-Fault-Message"));
    }

    [Fact]
    public void Should_edit_the_message_inside_an_envelope_and_give_the_envelope_the_new_id()
    {
        var letter = Letter(
            """{"messageId":"original-1","messageType":["urn:message:X"],"message":{"currency":"XYZ"}}""",
            "application/vnd.masstransit+json"
        );

        var (edited, _) = DeadLetterEditor.Apply(letter, [new("currency", "USD")], NewId, asAdmin: false);

        using var body = JsonDocument.Parse(edited.Body);
        Assert.Equal("USD", body.RootElement.GetProperty("message").GetProperty("currency").GetString());
        Assert.Equal(NewId.ToString(), body.RootElement.GetProperty("messageId").GetString());
    }

    [Theory]
    [InlineData("curency", "USD", "has no field 'curency'; it has: orderId, amount, currency")]
    [InlineData("amount", "ten", "Field 'amount' is a number; 'ten' is not one")]
    [InlineData("currency.code", "USD", "Field 'currency' of message original-1 is not an object")]
    public void Should_refuse_an_edit_that_names_no_field_or_does_not_fit_it_and_say_why(string field, string value, string reason)
    {
        var letter = Letter("""{"orderId":"o-1","amount":10,"currency":"XYZ"}""", "application/json");

        var problem = Assert.Throws<BrokerProblemException>(() =>
            DeadLetterEditor.Apply(letter, [new(field, value)], NewId, asAdmin: true)
        );

        Assert.Equal(BrokerProblemKind.Usage, problem.Kind);
        Assert.Contains(reason, problem.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void Should_refuse_to_edit_a_field_of_the_idempotency_key_whoever_asks(bool asAdmin)
    {
        var letter = Letter("""{"orderId":"o-1","userId":"u-1","amount":10,"currency":"XYZ"}""", "application/json");

        var problem = Assert.Throws<BrokerProblemException>(() => DeadLetterEditor.Apply(letter, [new("orderId", "o-2")], NewId, asAdmin));

        Assert.Equal(BrokerProblemKind.Usage, problem.Kind);
        Assert.Contains(
            "'orderId' makes OrderCompleted's idempotency key (orderId), so no edit may change it",
            problem.Message,
            StringComparison.Ordinal
        );
    }

    [Theory]
    [InlineData("amount", "1000")]
    [InlineData("userId", "mallory")]
    public void Should_refuse_an_operator_who_changes_what_an_order_credits_or_to_whom_and_let_an_admin(string field, string value)
    {
        var letter = Letter("""{"orderId":"o-1","userId":"u-1","amount":10,"currency":"XYZ"}""", "application/json");

        var problem = Assert.Throws<BrokerProblemException>(() =>
            DeadLetterEditor.Apply(letter, [new("currency", "USD"), new(field, value)], NewId, asAdmin: false)
        );
        var (_, changes) = DeadLetterEditor.Apply(letter, [new(field, value)], NewId, asAdmin: true);

        Assert.Equal(BrokerProblemKind.Forbidden, problem.Kind);
        Assert.Contains("changing it needs the admin role", problem.Message, StringComparison.Ordinal);
        Assert.Equal(field, Assert.Single(changes).Field);
    }

    [Fact]
    public void Should_refuse_to_edit_a_message_whose_contract_it_does_not_know()
    {
        var letter = DeadLetter.From(
            "some-queue_error",
            null!,
            1,
            new BasicProperties { MessageId = "x-1", ContentType = "application/json" },
            """{"a":1}"""u8.ToArray()
        );

        var problem = Assert.Throws<BrokerProblemException>(() => DeadLetterEditor.Apply(letter, [new("a", "2")], NewId, asAdmin: true));

        Assert.Equal(BrokerProblemKind.Usage, problem.Kind);
        Assert.Contains("whose fields no edit knows", problem.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Should_know_the_fields_of_every_contract_a_consumed_queue_takes_from_outside()
    {
        var consumed = Messaging
            .Operations.Endpoints.LedgerEndpoints.All.Where(e => e.SoleContract is not null && e.PausedAs is not null)
            .Select(e => e.SoleContract!.Name)
            .Concat(["RedeemRequested", "RewardIssued", "RewardIssueFailed"]);

        Assert.All(consumed, contract => Assert.Contains(contract, EditableFields.Contracts));
    }

    [Fact]
    public void Should_read_a_field_and_its_value_as_given_on_a_command_line()
    {
        Assert.Equal(new KeyValuePair<string, string>("note", "a=b"), DeadLetterEditor.ParseAssignment("note=a=b"));
        Assert.Equal(
            BrokerProblemKind.Usage,
            Assert.Throws<BrokerProblemException>(() => DeadLetterEditor.ParseAssignment("currency")).Kind
        );
    }

    // The channel is where the original stays held; editing never touches it.
    private static DeadLetter Letter(string json, string contentType) =>
        DeadLetter.From(
            "ledger-order-completed_error",
            null!,
            1,
            new BasicProperties
            {
                MessageId = "original-1",
                ContentType = contentType,
                Headers = new Dictionary<string, object?> { ["MT-Fault-Message"] = "currency 'XYZ' is not configured" },
            },
            Encoding.UTF8.GetBytes(json)
        );
}
