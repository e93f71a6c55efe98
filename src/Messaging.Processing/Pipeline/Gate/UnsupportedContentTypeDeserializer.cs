using System.Net.Mime;
using MassTransit;
using Messaging.Contracts.Gate;

namespace Messaging.Processing.Pipeline.Gate;

// MassTransit hands a message whose content type it has no deserializer for to the default one, which this is: a message without a
// content type is read as plain JSON (many AMQP clients leave it out); any other content type is refused naming the two that are read,
// instead of failing inside the envelope reader with an unrelated error.
internal sealed class UnsupportedContentTypeDeserializer(IMessageDeserializer plainJson, Func<ReceiveContext, string> describe)
    : IMessageDeserializer
{
    /// <summary>A content type nobody sends: it only marks this deserializer as MassTransit's default.</summary>
    public static readonly ContentType Marker = new("application/x-ledger-unsupported");

    public ContentType ContentType => Marker;

    public ConsumeContext Deserialize(ReceiveContext receiveContext)
    {
        ArgumentNullException.ThrowIfNull(receiveContext);
        var declared = receiveContext.TryGetPayload<RabbitMqBasicConsumeContext>(out var rabbit)
            ? rabbit.Properties.ContentType
            : receiveContext.ContentType?.ToString();
        return ReadableContentTypes.Refusal(declared) is { } refusal
            ? throw ContractGate.Refused("unsupported_content_type", describe(receiveContext), refusal)
            : plainJson.Deserialize(receiveContext);
    }

    public SerializerContext Deserialize(MessageBody body, Headers headers, Uri? destinationAddress = null) =>
        plainJson.Deserialize(body, headers, destinationAddress);

    public MessageBody GetMessageBody(string text) => plainJson.GetMessageBody(text);

    public void Probe(ProbeContext context) => context?.CreateScope("unsupportedContentType");
}
