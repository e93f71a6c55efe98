using MassTransit;
using RabbitMQ.Client;

namespace Messaging.Processing.Parking;

/// <summary>
/// What a message keeps of who sent it and where, once it leaves the exchange it was published to. RabbitMQ refuses a
/// publish whose <c>user_id</c> is not the publishing connection's user, so a message moved to <c>_error</c> or
/// <c>_skipped</c>, or replayed from there, must not carry its producer's <c>user_id</c>: the broker would close the
/// channel, every message in flight on it would come back, and the loop would run to the queue's delivery limit. The
/// producer's user and the exchange it published to travel as headers instead, for operators to read and for the
/// contract gate to know which exchange a replayed message came through; no header vouches for anyone.
/// </summary>
public static class ParkedIdentity
{
    /// <summary>The AMQP <c>user_id</c> the producer published with, as the broker checked it then.</summary>
    public const string OriginalUserIdHeader = "x-original-user-id";

    /// <summary>The exchange the message was first published to (a replay comes through the default exchange).</summary>
    public const string OriginalExchangeHeader = "x-original-exchange";

    /// <summary>Moves the <c>user_id</c> into a header and records the original exchange, unless an earlier move did.</summary>
    public static void Strip(BasicProperties properties, SendHeaders headers, string? exchange)
    {
        ArgumentNullException.ThrowIfNull(properties);
        ArgumentNullException.ThrowIfNull(headers);
        if (properties.IsUserIdPresent())
        {
            headers.Set(OriginalUserIdHeader, properties.UserId);
            properties.ClearUserId();
        }

        if (!string.IsNullOrEmpty(exchange) && !headers.TryGetHeader(OriginalExchangeHeader, out _))
        {
            headers.Set(OriginalExchangeHeader, exchange);
        }
    }

    /// <summary>The same for a message an operator tool re-publishes with the RabbitMQ client alone.</summary>
    public static void Strip(BasicProperties properties)
    {
        ArgumentNullException.ThrowIfNull(properties);
        if (properties.IsUserIdPresent())
        {
            properties.Headers ??= new Dictionary<string, object?>();
            properties.Headers.TryAdd(OriginalUserIdHeader, properties.UserId);
            properties.ClearUserId();
        }
    }

    /// <summary>The exchange a received message was published to: its delivery's, or for a replay the one it was first published to.</summary>
    public static string? ExchangeOf(RabbitMqBasicConsumeContext delivery)
    {
        ArgumentNullException.ThrowIfNull(delivery);
        if (!string.IsNullOrEmpty(delivery.Exchange))
        {
            return delivery.Exchange;
        }

        return delivery.Properties.Headers?.TryGetValue(OriginalExchangeHeader, out var value) == true ? HeaderText(value) : null;
    }

    /// <summary>The producer's user a replayed message was first published by, when a move kept it.</summary>
    public static string? OriginalUserOf(RabbitMqBasicConsumeContext delivery)
    {
        ArgumentNullException.ThrowIfNull(delivery);
        return delivery.Properties.Headers?.TryGetValue(OriginalUserIdHeader, out var value) == true ? HeaderText(value) : null;
    }

    private static string? HeaderText(object? value) => value switch
    {
        byte[] bytes => System.Text.Encoding.UTF8.GetString(bytes),
        null => null,
        _ => value.ToString(),
    };
}
