using MassTransit;

namespace Messaging.Processing.Fulfilment;

/// <summary>What the fulfilment feature adds to the processor: its services, and its consumers on the bus.</summary>
public static class FulfilmentRegistration
{
    public static IBusRegistrationConfigurator AddFulfilmentConsumers(this IBusRegistrationConfigurator bus)
    {
        bus.AddConsumer<VoucherIssueConsumer, VoucherIssueConsumerDefinition>();
        bus.AddConsumer<VoucherRevocationConsumer, VoucherRevocationConsumerDefinition>();
        return bus;
    }
}
