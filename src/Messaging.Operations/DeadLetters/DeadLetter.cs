using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;
using Messaging.Operations.Queues;
using RabbitMQ.Client;

namespace Messaging.Operations.DeadLetters;

// One message read (not removed) from a dead-letter queue, with what its MassTransit fault headers say.
public sealed partial class DeadLetter
{
    private const string FaultPrefix = "MT-Fault-";

    private DeadLetter(string queue, IChannel channel, ulong deliveryTag, IReadOnlyBasicProperties properties, ReadOnlyMemory<byte> body)
    {
        Queue = queue;
        Channel = channel;
        DeliveryTag = deliveryTag;
        Properties = properties;
        Body = body.ToArray();
        Headers = properties.Headers?.ToDictionary(h => h.Key, h => Text(h.Value), StringComparer.OrdinalIgnoreCase)
            ?? new Dictionary<string, string?>(StringComparer.OrdinalIgnoreCase);
    }

    public string Queue { get; }

    /// <summary>The channel it was delivered on: it stays unacknowledged until acked there or the channel closes.</summary>
    public IChannel Channel { get; }

    public ulong DeliveryTag { get; }

    public IReadOnlyBasicProperties Properties { get; }

    public byte[] Body { get; }

    public IReadOnlyDictionary<string, string?> Headers { get; }

    public string? MessageId => Properties.MessageId;

    public string BodyText => Encoding.UTF8.GetString(Body);

    public string? Reason => Header("MT-Fault-Message") ?? Header("MT-Reason") ?? BrokerReason();

    /// <summary>Why the broker itself dead-lettered it, e.g. delivery_limit.</summary>
    public string? BrokerDeathReason => Header("x-first-death-reason");

    public string? ExceptionType => Header("MT-Fault-ExceptionType");

    /// <summary>The broker user who published it, as its AMQP user_id said (kept as a header when it was parked).</summary>
    public string? PublishedBy => NonEmpty(Header(ParkedHeaders.OriginalUserId)) ?? NonEmpty(Properties.UserId);

    public string? PublishedTo => NonEmpty(Header(ParkedHeaders.OriginalExchange));

    public string? InputAddress => Header("MT-Fault-InputAddress");

    public DateTimeOffset? FirstFailedAt =>
        DateTimeOffset.TryParse(Header("MT-Fault-Timestamp"), CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var at)
            ? at
            : FirstDeathTime();

    public long? RedeliveryCount => Number(Header("MT-Redelivery-Count"));

    /// <summary>Deliveries from the dead-letter queue itself (quorum queues): each read by an operator tool adds one.</summary>
    public long? DeliveryCount => Number(Header("x-delivery-count"));

    public string SourceQueue
    {
        get
        {
            if (Uri.TryCreate(InputAddress, UriKind.Absolute, out var address) && address.Segments.Length > 0)
            {
                var last = Uri.UnescapeDataString(address.Segments[^1].Trim('/'));
                if (last.Length > 0)
                {
                    return last;
                }
            }

            if (NonEmpty(Header("x-first-death-queue")) is { } deadLetteredFrom)
            {
                return deadLetteredFrom;
            }

            foreach (var suffix in new[] { QueueArguments.ErrorSuffix, QueueArguments.SkippedSuffix })
            {
                if (Queue.EndsWith(suffix, StringComparison.Ordinal))
                {
                    return Queue[..^suffix.Length];
                }
            }

            return Queue;
        }
    }

    public string MessageType =>
        NonEmpty(Properties.Type)
        ?? NonEmpty(Header("MT-Fault-MessageType"))
        ?? NonEmpty(Header("MT-MessageType"))
        ?? EnvelopeType()
        ?? $"queue:{SourceQueue}";

    /// <summary>The reason with numbers and ids normalised away, so the same failure of different messages groups together.</summary>
    public string ReasonFingerprint => Fingerprint(Reason);

    /// <summary>An operator's edit, still held where this one is, to be published in its place.</summary>
    public DeadLetter WithEdit(byte[] body, string messageId, IDictionary<string, object?> headers) =>
        new(Queue, Channel, DeliveryTag, new BasicProperties(Properties) { MessageId = messageId, Headers = headers }, body);

    // Copies the delivery: the client reuses the body's memory once its handler returns.
    public static DeadLetter From(
        string queue,
        IChannel channel,
        ulong deliveryTag,
        IReadOnlyBasicProperties properties,
        ReadOnlyMemory<byte> body
    ) => new(queue, channel, deliveryTag, properties, body);

    public static string Fingerprint(string? reason)
    {
        if (string.IsNullOrWhiteSpace(reason))
        {
            return "(no reason recorded)";
        }

        var normalised = GuidPattern().Replace(reason, "<id>");
        normalised = DigitsPattern().Replace(normalised, "#");
        normalised = SpacePattern().Replace(normalised, " ").Trim();
        return normalised.Length <= 80 ? normalised : normalised[..80];
    }

    /// <summary>
    /// All but the fault description, the broker's dead-lettering record and its delivery count, so a replayed message starts afresh.
    /// </summary>
    public Dictionary<string, object?> ReplayHeaders() =>
        (Properties.Headers ?? new Dictionary<string, object?>())
            .Where(h =>
                !h.Key.StartsWith(FaultPrefix, StringComparison.OrdinalIgnoreCase)
                && !h.Key.Equals("MT-Reason", StringComparison.OrdinalIgnoreCase)
                && !h.Key.Equals("x-delivery-count", StringComparison.OrdinalIgnoreCase)
                && !h.Key.Equals("x-death", StringComparison.OrdinalIgnoreCase)
                && !h.Key.StartsWith("x-first-death-", StringComparison.OrdinalIgnoreCase)
                && !h.Key.StartsWith("x-last-death-", StringComparison.OrdinalIgnoreCase)
            )
            .ToDictionary(h => h.Key, h => h.Value);

    private string? Header(string name) => Headers.TryGetValue(name, out var value) ? value : null;

    private string? BrokerReason()
    {
        var queue = Header("x-first-death-queue") ?? "its queue";
        return BrokerDeathReason switch
        {
            null => null,
            "delivery_limit" => $"delivery_limit: delivered more often than {queue}'s delivery limit without being "
                + "acknowledged (the consumer crashed or lost its connection "
                + "each time it held the message); parked by the broker, not by a fault in handling it",
            var reason => $"{reason}: dead-lettered by the broker from {queue}",
        };
    }

    private DateTimeOffset? FirstDeathTime()
    {
        if (Properties.Headers?.TryGetValue("x-death", out var deaths) != true || deaths is not IEnumerable<object> records)
        {
            return null;
        }

        var times = records
            .OfType<IDictionary<string, object?>>()
            .Select(r =>
                r.TryGetValue("time", out var time) && time is AmqpTimestamp stamp
                    ? DateTimeOffset.FromUnixTimeSeconds(stamp.UnixTime)
                    : (DateTimeOffset?)null
            )
            .Where(t => t is not null)
            .ToList();
        return times.Count > 0 ? times.Min() : null;
    }

    private string? EnvelopeType()
    {
        if (Properties.ContentType is not { } type || !type.Contains("masstransit", StringComparison.OrdinalIgnoreCase))
        {
            return null;
        }

        try
        {
            using var doc = System.Text.Json.JsonDocument.Parse(Body);
            return
                doc.RootElement.TryGetProperty("messageType", out var types)
                && types.ValueKind == System.Text.Json.JsonValueKind.Array
                && types.GetArrayLength() > 0
                ? types[0].GetString()
                : null;
        }
        catch (System.Text.Json.JsonException)
        {
            return null;
        }
    }

    private static string? NonEmpty(string? value) => string.IsNullOrWhiteSpace(value) ? null : value;

    private static long? Number(string? value) =>
        long.TryParse(value, NumberStyles.Integer, CultureInfo.InvariantCulture, out var number) ? number : null;

    private static string? Text(object? value) =>
        value switch
        {
            null => null,
            byte[] bytes => Encoding.UTF8.GetString(bytes),
            AmqpTimestamp timestamp => DateTimeOffset.FromUnixTimeSeconds(timestamp.UnixTime).ToString("O", CultureInfo.InvariantCulture),
            IFormattable formattable => formattable.ToString(null, CultureInfo.InvariantCulture),
            _ => value.ToString(),
        };

    [GeneratedRegex(@"[0-9a-fA-F]{8}-?[0-9a-fA-F]{4}-?[0-9a-fA-F]{4}-?[0-9a-fA-F]{4}-?[0-9a-fA-F]{12}")]
    private static partial Regex GuidPattern();

    [GeneratedRegex(@"\d+(?:[.,]\d+)*")]
    private static partial Regex DigitsPattern();

    [GeneratedRegex(@"\s+")]
    private static partial Regex SpacePattern();
}
