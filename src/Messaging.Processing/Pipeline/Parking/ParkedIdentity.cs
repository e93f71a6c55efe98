using MassTransit;
using Messaging.Operations.DeadLetters;
using RabbitMQ.Client;

namespace Messaging.Processing.Pipeline.Parking;

// The processor's side of ParkedHeaders: it strips a message it parks, and reads them from one it receives.
public static class ParkedIdentity
{
    /// <summary>Moves the user_id into a header and records the original exchange, unless an earlier move did.</summary>
    public static void Strip(BasicProperties properties, SendHeaders headers, string? exchange)
    {
        ArgumentNullException.ThrowIfNull(properties);
        ArgumentNullException.ThrowIfNull(headers);
        if (properties.IsUserIdPresent())
        {
            headers.Set(ParkedHeaders.OriginalUserId, properties.UserId);
            properties.ClearUserId();
        }

        if (!string.IsNullOrEmpty(exchange) && !headers.TryGetHeader(ParkedHeaders.OriginalExchange, out _))
        {
            headers.Set(ParkedHeaders.OriginalExchange, exchange);
        }
    }

    /// <summary>The delivery's exchange, or for a replay the one it was first published to.</summary>
    public static string? ExchangeOf(RabbitMqBasicConsumeContext delivery)
    {
        ArgumentNullException.ThrowIfNull(delivery);
        if (!string.IsNullOrEmpty(delivery.Exchange))
        {
            return delivery.Exchange;
        }

        return delivery.Properties.Headers?.TryGetValue(ParkedHeaders.OriginalExchange, out var value) == true
            ? ParkedHeaders.Text(value)
            : null;
    }

    /// <summary>The producer's user a replayed message was first published by, when a move kept it.</summary>
    public static string? OriginalUserOf(RabbitMqBasicConsumeContext delivery)
    {
        ArgumentNullException.ThrowIfNull(delivery);
        return delivery.Properties.Headers?.TryGetValue(ParkedHeaders.OriginalUserId, out var value) == true
            ? ParkedHeaders.Text(value)
            : null;
    }
}
