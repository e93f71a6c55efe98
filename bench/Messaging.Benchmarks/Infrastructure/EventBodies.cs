using System.Buffers;
using System.Text.Json;

namespace Messaging.Benchmarks.Infrastructure;

/// <summary>
/// A PointsEarned the size and shape of the one the processor publishes: MassTransit's JSON envelope
/// (addresses, message type, host block) around the camelCase message. Used by the raw-rabbitmq ceiling.
/// </summary>
internal static class EventBodies
{
    private static readonly string MachineName = Environment.MachineName;

    public static byte[] PointsEarnedEnvelope(string orderId, string vhost, long points)
    {
        var buffer = new ArrayBufferWriter<byte>(1024);
        using (var w = new Utf8JsonWriter(buffer))
        {
            var now = DateTimeOffset.UtcNow;
            w.WriteStartObject();
            w.WriteString("messageId", Guid.NewGuid());
            w.WriteNull("requestId");
            w.WriteNull("correlationId");
            w.WriteString("conversationId", Guid.NewGuid());
            w.WriteNull("initiatorId");
            w.WriteString("sourceAddress", $"rabbitmq://127.0.0.1/{vhost}/{MachineName}_MessagingWorker_bus_ab1oyyfcxjbqgs3ybdq7ka9kp4?temporary=true");
            w.WriteString("destinationAddress", $"rabbitmq://127.0.0.1/{vhost}/points-earned");
            w.WriteNull("responseAddress");
            w.WriteNull("faultAddress");
            w.WriteStartArray("messageType");
            w.WriteStringValue("urn:message:Messaging.Contracts.Earning:PointsEarned");
            w.WriteEndArray();
            w.WriteStartObject("message");
            w.WriteString("orderId", orderId);
            w.WriteString("userId", "user-000000");
            w.WriteNumber("points", points);
            w.WriteNumber("bonusPoints", 0);
            w.WriteNumber("balance", points * 7);
            w.WriteString("occurredAt", now);
            w.WriteEndObject();
            w.WriteNull("expirationTime");
            w.WriteString("sentTime", now);
            w.WriteStartObject("headers");
            w.WriteEndObject();
            w.WriteStartObject("host");
            w.WriteString("machineName", MachineName);
            w.WriteString("processName", "Messaging.Worker");
            w.WriteNumber("processId", Environment.ProcessId);
            w.WriteString("assembly", "Messaging.Worker");
            w.WriteString("assemblyVersion", "1.0.0.0");
            w.WriteString("frameworkVersion", Environment.Version.ToString());
            w.WriteString("massTransitVersion", "8.4.0.0");
            w.WriteString("operatingSystemVersion", Environment.OSVersion.ToString());
            w.WriteEndObject();
            w.WriteEndObject();
        }

        return buffer.WrittenSpan.ToArray();
    }
}
