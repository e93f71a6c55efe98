using System.Net.Mime;
using MassTransit;
using Messaging.Contracts.Gate;

namespace Messaging.Processing.Pipeline.Gate;

// A refusal thrown here happens before any consumer: MassTransit moves the message to the queue's _error queue with the reason, untried.
internal sealed class GatedDeserializer(IMessageDeserializer inner, Action<ReceiveContext> check, Func<ReceiveContext, string> describe)
    : IMessageDeserializer
{
    public ContentType ContentType => inner.ContentType;

    public ConsumeContext Deserialize(ReceiveContext receiveContext)
    {
        ArgumentNullException.ThrowIfNull(receiveContext);
        if (receiveContext.ContentType is { } contentType && ReadableContentTypes.Refusal(contentType) is { } refusal)
        {
            throw ContractGate.Refused("unsupported_content_type", describe(receiveContext), refusal);
        }

        check(receiveContext);
        return inner.Deserialize(receiveContext);
    }

    // Not a received message (a stored or forwarded body MassTransit reads again): it passed the gate when it arrived.
    public SerializerContext Deserialize(MessageBody body, Headers headers, Uri? destinationAddress = null) =>
        inner.Deserialize(body, headers, destinationAddress);

    public MessageBody GetMessageBody(string text) => inner.GetMessageBody(text);

    public void Probe(ProbeContext context)
    {
        inner.Probe(context);
        context?.CreateScope("contractGate");
    }
}
