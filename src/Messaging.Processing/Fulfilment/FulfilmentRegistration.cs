using MassTransit;

namespace Messaging.Processing.Fulfilment;

public static class FulfilmentRegistration
{
    public static IBusRegistrationConfigurator AddFulfilmentConsumers(this IBusRegistrationConfigurator bus)
    {
        bus.AddConsumer<VoucherIssueConsumer, VoucherIssueConsumerDefinition>();
        bus.AddConsumer<VoucherRevocationConsumer, VoucherRevocationConsumerDefinition>();
        return bus;
    }
}
