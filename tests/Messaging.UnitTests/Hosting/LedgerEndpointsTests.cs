using MassTransit;
using Messaging.Ledger.Redemptions;
using Messaging.Operations.Broker;
using Messaging.Operations.Endpoints;
using Messaging.Processing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Messaging.UnitTests.Hosting;

/// <summary>
/// The endpoint table is the only list of consumed queues: the bus registers a consumer for each row, each with its own
/// definition taking its queue from the table. A consumer without a row, or a row nobody consumes, fails here.
/// </summary>
public sealed class LedgerEndpointsTests
{
    [Fact]
    public void Should_register_every_consumer_of_the_processor_with_its_own_definition_when_the_processor_is_built()
    {
        var consumers = typeof(ProcessingServiceCollectionExtensions)
            .Assembly.GetTypes()
            .Where(t => t is { IsClass: true, IsAbstract: false } && typeof(IConsumer).IsAssignableFrom(t))
            .ToList();
        var registered = Definitions().ToDictionary(d => d.Consumer, d => d.Definition);

        // Shares the saga's queue (ledger-redemptions): the saga's definition, RedemptionStateDefinition, configures it.
        consumers.Remove(typeof(Processing.Redemptions.RedeemRequestedConsumer));

        Assert.NotEmpty(consumers);
        Assert.Equal(
            consumers.Select(c => c.Name).Order(StringComparer.Ordinal),
            registered.Keys.Select(c => c.Name).Order(StringComparer.Ordinal)
        );
        Assert.All(registered, r => Assert.Equal(r.Key.Name + "Definition", r.Value.Name));
    }

    [Fact]
    public void Should_consume_every_queue_of_the_table_once_when_the_definitions_name_their_queues()
    {
        using var provider = new ServiceCollection()
            .AddSingleton(Options.Create(new RedemptionOptions()))
            .AddSingleton(Options.Create(new Messaging.Operations.Partitions.PartitionOptions()))
            .BuildServiceProvider();
        var queues = Definitions()
            .Select(d =>
                ((IConsumerDefinition)ActivatorUtilities.CreateInstance(provider, d.Definition)).GetEndpointName(
                    DefaultEndpointNameFormatter.Instance
                )
            )
            .Append(
                (
                    (ISagaDefinition)new Processing.Redemptions.RedemptionStateDefinition(Options.Create(new RedemptionOptions()))
                ).GetEndpointName(DefaultEndpointNameFormatter.Instance)
            )
            .Order(StringComparer.Ordinal)
            .ToList();

        Assert.Equal(LedgerEndpoints.All.Select(e => e.Queue).Order(StringComparer.Ordinal), queues);
        Assert.Equal(LedgerEndpoints.All.Count, LedgerEndpoints.All.Select(e => e.Inbox).Distinct(StringComparer.Ordinal).Count());
    }

    [Fact]
    public void Should_let_operators_pause_the_consumed_message_types_but_not_the_processors_own_fulfilment_requests()
    {
        Assert.Equal(
            [
                "OrderCompleted",
                "RedeemRequested",
                "MarkRedemptionUsed",
                "AllocateToTenant",
                "ClawbackFromTenant",
                "GrantRecognition",
                "TokensDeductRequested",
                "EventAttended",
            ],
            LedgerEndpoints.All.Where(e => e.PausedAs is not null).Select(e => e.PausedAs)
        );
        Assert.Equal(("RedeemRequested", "ledger-redemptions"), PausableEndpoints.Resolve("redeemrequested"));
        Assert.Equal(("OrderCompleted", "ledger-order-completed"), PausableEndpoints.Resolve("ledger-order-completed"));
        Assert.Throws<BrokerProblemException>(() => PausableEndpoints.Resolve("IssueReward"));
    }

    // The consumers and definitions the processor's own registration gives the bus.
    private static IEnumerable<(Type Consumer, Type Definition)> Definitions()
    {
        var configuration = new ConfigurationBuilder()
            .AddInMemoryCollection([new("ConnectionStrings:Ledger", "Host=127.0.0.1;Database=ledger;Username=nobody;Password=unused")])
            .Build();
        // MassTransit registers each definition as a singleton of its own type.
        return new ServiceCollection()
            .AddLedgerProcessing(configuration)
            .Select(d =>
                (
                    Definition: d.ServiceType,
                    Of: d.ServiceType.GetInterfaces()
                        .FirstOrDefault(i => i.IsGenericType && i.GetGenericTypeDefinition() == typeof(IConsumerDefinition<>))
                )
            )
            .Where(d => d.Definition.IsClass && d.Of is not null)
            .Select(d => (d.Of!.GetGenericArguments()[0], d.Definition));
    }
}
