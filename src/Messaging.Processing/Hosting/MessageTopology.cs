using MassTransit;
using Messaging.Contracts.Earning;

namespace Messaging.Processing.Hosting;

/// <summary>
/// Exchange names for every contract: short, language-neutral names that non-.NET producers can
/// publish to (documented in <c>contracts/README.md</c>), instead of MassTransit's CLR-type names.
/// </summary>
public static class MessageTopology
{
    public const string OrderCompletedExchange = "order-completed";
    public const string PointsEarnedExchange = "points-earned";

    private static readonly Dictionary<Type, string> Exchanges = new()
    {
        [typeof(OrderCompleted)] = OrderCompletedExchange,
        [typeof(PointsEarned)] = PointsEarnedExchange,
    };

    public static string ExchangeFor(Type messageType) =>
        Exchanges.TryGetValue(messageType, out var exchange)
            ? exchange
            : throw new InvalidOperationException($"{messageType.Name} has no exchange: add it to {nameof(MessageTopology)}.");

    public static void Apply(IRabbitMqBusFactoryConfigurator bus)
    {
        ArgumentNullException.ThrowIfNull(bus);
        bus.Message<OrderCompleted>(m => m.SetEntityName(ExchangeFor(typeof(OrderCompleted))));
        bus.Message<PointsEarned>(m => m.SetEntityName(ExchangeFor(typeof(PointsEarned))));
    }
}
