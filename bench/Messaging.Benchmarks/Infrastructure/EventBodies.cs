using System.Buffers;
using System.Text.Json;

namespace Messaging.Benchmarks.Infrastructure;

/// <summary>
/// A PointsEarned of the size and shape the processor publishes: the contract as plain camelCase JSON
/// (content type application/json), as its outbox stores and sends it. Used by the raw-rabbitmq ceiling.
/// </summary>
internal static class EventBodies
{
    public const string ContentType = "application/json";

    public static byte[] PointsEarned(string orderId, string userId, long points)
    {
        var buffer = new ArrayBufferWriter<byte>(256);
        using (var w = new Utf8JsonWriter(buffer))
        {
            w.WriteStartObject();
            w.WriteString("orderId", orderId);
            w.WriteString("userId", userId);
            w.WriteNumber("points", points);
            w.WriteNumber("bonusPoints", 0);
            w.WriteNumber("balance", points * 7);
            w.WriteString("occurredAt", DateTimeOffset.UtcNow);
            w.WriteEndObject();
        }

        return buffer.WrittenSpan.ToArray();
    }
}
