using System.Net.Mime;
using MassTransit;

namespace Messaging.Processing.Pipeline.Gate;

/// <summary>Registers a deserializer with MassTransit under its content type; serializing is left to the factory it wraps.</summary>
internal sealed class GatedSerializerFactory(ISerializerFactory inner, Func<IMessageDeserializer, IMessageDeserializer> gate)
    : ISerializerFactory
{
    private readonly Lazy<IMessageDeserializer> _deserializer = new(() => gate(inner.CreateDeserializer()));

    public ContentType ContentType => _deserializer.Value.ContentType;

    public IMessageSerializer CreateSerializer() => inner.CreateSerializer();

    public IMessageDeserializer CreateDeserializer() => _deserializer.Value;
}
