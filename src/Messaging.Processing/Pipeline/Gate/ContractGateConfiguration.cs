using MassTransit;
using MassTransit.Configuration;

namespace Messaging.Processing.Pipeline.Gate;

internal static class ContractGateConfiguration
{
    // MassTransit's envelope and plain JSON (what producers outside .NET publish) are both read through the ReceivedMessageGate; every
    // other content type is refused.
    internal static void UseContractGate(this IBusFactoryConfigurator bus, ReceivedMessageGate gate)
    {
        ArgumentNullException.ThrowIfNull(bus);
        ArgumentNullException.ThrowIfNull(gate);
        var plainJson = new GatedSerializerFactory(
            new SystemTextJsonRawMessageSerializerFactory(RawSerializerOptions.AnyMessageType),
            inner => new GatedDeserializer(inner, gate.CheckPlainJson, gate.Describe)
        );
        bus.AddDeserializer(
            new GatedSerializerFactory(new SystemTextJsonMessageSerializerFactory(), inner => new GatedDeserializer(
                inner,
                gate.CheckEnvelope,
                gate.Describe
            ))
        );
        bus.AddDeserializer(plainJson);
        bus.AddDeserializer(
            new GatedSerializerFactory(plainJson, inner => new UnsupportedContentTypeDeserializer(inner, gate.Describe)),
            isDefault: true
        );
    }
}
