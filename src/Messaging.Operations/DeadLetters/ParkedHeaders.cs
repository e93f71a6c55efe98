using RabbitMQ.Client;

namespace Messaging.Operations.DeadLetters;

// RabbitMQ refuses a publish whose user_id is not the publishing connection's user, so a message moved to _error or _skipped, or replayed
// from there, must not carry its producer's user_id: the broker would close the channel, every message in flight on it would come back,
// and the loop would run to the queue's delivery limit. The producer's user and the exchange it published to travel as these headers
// instead, for operators to read and for the contract gate to know which exchange a replayed message came through; no header vouches for
// anyone.
public static class ParkedHeaders
{
    /// <summary>The AMQP user_id the producer published with, as the broker checked it then.</summary>
    public const string OriginalUserId = "x-original-user-id";

    /// <summary>The exchange first published to (a replay comes through the default exchange).</summary>
    public const string OriginalExchange = "x-original-exchange";

    /// <summary>Moves the user_id into a header, for a message an operator tool re-publishes.</summary>
    public static void Strip(BasicProperties properties)
    {
        ArgumentNullException.ThrowIfNull(properties);
        if (properties.IsUserIdPresent())
        {
            properties.Headers ??= new Dictionary<string, object?>();
            properties.Headers.TryAdd(OriginalUserId, properties.UserId);
            properties.ClearUserId();
        }
    }

    // RabbitMQ hands strings over as bytes.
    public static string? Text(object? value) =>
        value switch
        {
            byte[] bytes => System.Text.Encoding.UTF8.GetString(bytes),
            null => null,
            _ => value.ToString(),
        };
}
