using System.Runtime.CompilerServices;
using System.Text.Json;
using MassTransit;
using MassTransit.Serialization;
using Messaging.Contracts;
using Messaging.Contracts.Earning;
using Messaging.Contracts.Gate;

namespace Messaging.UnitTests.Contracts;

/// <summary>
/// The contracts' gate reads bodies without MassTransit (so the replay preview, the API and producers can run it): it must
/// read them as MassTransit does, or it would pass a body the consumer cannot read, or refuse one it can.
/// </summary>
public sealed class ContractJsonTests
{
    public static TheoryData<string> OrderBodies() =>
        [
            """{"orderId":"p-1","userId":"u-1","amount":12.5,"currency":"USD","occurredAt":"2026-11-21T10:00:00Z"}""",
            """{"orderId":"p-1","userId":"u-1","amount":"12.50","currency":"USD","occurredAt":"2026-11-21T10:00:00+01:00"}""",
            """{"OrderId":"p-1","USERID":"u-1","amount":" 7 ","currency":"USD","occurredAt":"2026-11-21T10:00:00Z",}""",
            """{/* a comment */ "orderId":"p-1","userId":"u-1","amount":1e2,"currency":"USD","occurredAt":"2026-11-21T10:00:00Z"}""",
            """{"orderId":"p-1","userId":"u-1","amount":"1,000.5","currency":"USD","occurredAt":"2026-11-21T10:00:00Z"}""",
            """{"orderId":"p-1","userId":"u-1","amount":null,"currency":"USD","occurredAt":"2026-11-21T10:00:00Z"}""",
            """{"orderId":"p-1","userId":"u-1","amount":"","currency":"USD","occurredAt":"2026-11-21T10:00:00Z"}""",
            """{"orderId":"p-1","userId":"u-1","amount":"twelve","currency":"USD","occurredAt":"2026-11-21T10:00:00Z"}""",
            """{"orderId":"p-1","userId":"u-1","amount":true,"currency":"USD","occurredAt":"2026-11-21T10:00:00Z"}""",
            """{"orderId":"p-1","userId":"u-1","amount":12,"currency":"USD","occurredAt":"2026-11-21 10:00:00Z"}""",
            """{"orderId":7,"userId":"u-1","amount":12,"currency":"USD","occurredAt":"2026-11-21T10:00:00Z"}""",
        ];

    [Theory]
    [MemberData(nameof(OrderBodies))]
    public void Should_read_an_order_as_masstransit_does_when_the_body_is_unusual(string body)
    {
        Assert.Equal(
            Read(body, typeof(OrderCompleted), SystemTextJsonMessageSerializer.Options),
            Read(body, typeof(OrderCompleted), ContractJson.Options)
        );
    }

    [Fact]
    public void Should_read_every_contract_as_masstransit_does_when_masstransit_wrote_it()
    {
        foreach (var contract in ContractExchanges.Contracts)
        {
            // Every field at its default: what MassTransit writes for it, read back by both.
            var body = JsonSerializer.Serialize(
                RuntimeHelpers.GetUninitializedObject(contract),
                contract,
                SystemTextJsonMessageSerializer.Options
            );

            Assert.Equal(Read(body, contract, SystemTextJsonMessageSerializer.Options), Read(body, contract, ContractJson.Options));
        }
    }

    [Fact]
    public void Should_name_each_contract_by_masstransits_urn_when_an_envelope_lists_its_types()
    {
        foreach (var contract in ContractExchanges.Contracts)
        {
            Assert.Equal(MessageUrn.ForTypeString(contract), ContractExchanges.UrnOf(contract));
            Assert.Equal(contract, ContractExchanges.TypeOfUrn(MessageUrn.ForTypeString(contract)));
        }
    }

    // What was read, compared as MassTransit would write it again; a failure compares as its kind.
    private static string Read(string body, Type contract, JsonSerializerOptions options)
    {
        try
        {
            return JsonSerializer.Serialize(
                JsonSerializer.Deserialize(body, contract, options),
                contract,
                SystemTextJsonMessageSerializer.Options
            );
        }
        catch (JsonException)
        {
            return "unreadable";
        }
        catch (FormatException)
        {
            return "unreadable";
        }
    }
}
