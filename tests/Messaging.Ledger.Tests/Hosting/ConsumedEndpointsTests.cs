using System.Reflection;
using Messaging.Processing.Hosting;

namespace Messaging.Ledger.Tests.Hosting;

/// <summary>The table of consumed endpoints knows every endpoint the processor defines: a new consumer without an entry fails here.</summary>
public sealed class ConsumedEndpointsTests
{
    [Fact]
    public void Should_know_the_inbox_of_every_endpoint_definition_when_the_processor_is_scanned()
    {
        var declared = typeof(ConsumedEndpoints).Assembly.GetTypes()
            .Select(t => t.GetField("InboxName", BindingFlags.Public | BindingFlags.Static))
            .Where(f => f is { IsLiteral: true })
            .Select(f => (string)f!.GetRawConstantValue()!)
            .Order(StringComparer.Ordinal)
            .ToList();

        Assert.NotEmpty(declared);
        Assert.Equal(declared, ConsumedEndpoints.All.Select(e => e.Inbox).Order(StringComparer.Ordinal));
    }

    [Fact]
    public void Should_register_every_consumer_of_the_processor_from_the_table_with_its_own_definition()
    {
        var consumers = typeof(ConsumedEndpoints).Assembly.GetTypes()
            .Where(t => t is { IsClass: true, IsAbstract: false } && typeof(MassTransit.IConsumer).IsAssignableFrom(t))
            .Select(t => t.Name).Order(StringComparer.Ordinal).ToList();

        Assert.NotEmpty(consumers);
        Assert.Equal(consumers, ConsumedEndpoints.All.Where(e => e.Consumer is not null).Select(e => e.Consumer!.Name).Order(StringComparer.Ordinal));
        Assert.All(ConsumedEndpoints.All.Where(e => e.Consumer is not null), e => Assert.Equal(e.Consumer!.Name + "Definition", e.Definition!.Name));
    }

    [Fact]
    public void Should_let_operators_pause_the_consumed_message_types_but_not_the_processors_own_fulfilment_requests()
    {
        Assert.Equal(
            ["OrderCompleted", "RedeemRequested", "MarkRedemptionUsed", "AllocateToTenant", "ClawbackFromTenant", "GrantRecognition", "TokensDeductRequested", "EventAttended"],
            ConsumedEndpoints.All.Where(e => e.PausedAs is not null).Select(e => e.PausedAs));
        Assert.Equal(("RedeemRequested", "ledger-redemptions"), PausableEndpoints.Resolve("redeemrequested"));
        Assert.Equal(("OrderCompleted", "ledger-order-completed"), PausableEndpoints.Resolve("ledger-order-completed"));
        Assert.Throws<Messaging.Processing.Broker.BrokerProblemException>(() => PausableEndpoints.Resolve("IssueReward"));
    }
}
