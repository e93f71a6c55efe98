using MassTransit;
using MassTransit.Configuration;

namespace Messaging.Processing.Pipeline.Gate;

internal static class ContractGateConfiguration
{
    /// <summary>
    /// Reads MassTransit's envelope (application/vnd.masstransit+json) and plain JSON (application/json, what producers
    /// outside .NET publish), both through the <see cref="ReceivedMessageGate"/>, and refuses every other content type.
    /// </summary>
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
