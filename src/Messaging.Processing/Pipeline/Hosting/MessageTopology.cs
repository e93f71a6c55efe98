using System.Reflection;
using MassTransit;
using Messaging.Contracts;

namespace Messaging.Processing.Pipeline.Hosting;

// Every contract gets the exchange ContractExchanges names for it, instead of MassTransit's CLR-type name.
public static class MessageTopology
{
    private static readonly MethodInfo NameOne = typeof(MessageTopology).GetMethod(
        nameof(Name),
        BindingFlags.NonPublic | BindingFlags.Static
    )!;

    /// <summary>
    /// Also declares every contract's exchange when the bus starts: only the processor may declare the shared exchanges
    /// (eng/rabbitmq/users.tsv), so an app that listens for an outcome before the first one was ever published must find its exchange
    /// there.
    /// </summary>
    public static void Apply(IRabbitMqBusFactoryConfigurator bus)
    {
        ArgumentNullException.ThrowIfNull(bus);
        bus.DeployPublishTopology = true;
        foreach (var contract in ContractExchanges.Contracts)
        {
            NameOne.MakeGenericMethod(contract).Invoke(null, [bus]);
        }
    }

    private static void Name<T>(IRabbitMqBusFactoryConfigurator bus)
        where T : class
    {
        bus.Message<T>(m => m.SetEntityName(ContractExchanges.ExchangeFor(typeof(T))));
        // Registers the contract in the publish topology, which DeployPublishTopology declares at start.
        bus.Publish<T>(_ => { });
    }
}
