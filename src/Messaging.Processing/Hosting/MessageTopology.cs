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

    public static void Apply(IRabbitMqBusFactoryConfigurator bus)
    {
        ArgumentNullException.ThrowIfNull(bus);
        bus.Message<OrderCompleted>(m => m.SetEntityName(OrderCompletedExchange));
        bus.Message<PointsEarned>(m => m.SetEntityName(PointsEarnedExchange));
    }
}
