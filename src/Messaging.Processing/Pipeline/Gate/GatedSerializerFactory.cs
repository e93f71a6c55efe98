using System.Net.Mime;
using MassTransit;

namespace Messaging.Processing.Pipeline.Gate;

internal sealed class GatedSerializerFactory(ISerializerFactory inner, Func<IMessageDeserializer, IMessageDeserializer> gate)
    : ISerializerFactory
{
    private readonly Lazy<IMessageDeserializer> _deserializer = new(() => gate(inner.CreateDeserializer()));

    public ContentType ContentType => _deserializer.Value.ContentType;

    public IMessageSerializer CreateSerializer() => inner.CreateSerializer();

    public IMessageDeserializer CreateDeserializer() => _deserializer.Value;
}
