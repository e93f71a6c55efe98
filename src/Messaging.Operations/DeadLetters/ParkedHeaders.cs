using RabbitMQ.Client;

namespace Messaging.Operations.DeadLetters;

/// <summary>
/// What a message keeps of who sent it and where, once it leaves the exchange it was published to. RabbitMQ refuses a
/// publish whose <c>user_id</c> is not the publishing connection's user, so a message moved to <c>_error</c> or
/// <c>_skipped</c>, or replayed from there, must not carry its producer's <c>user_id</c>: the broker would close the
/// channel, every message in flight on it would come back, and the loop would run to the queue's delivery limit. The
/// producer's user and the exchange it published to travel as headers instead, for operators to read and for the
/// contract gate to know which exchange a replayed message came through; no header vouches for anyone.
/// </summary>
public static class ParkedHeaders
{
    /// <summary>The AMQP <c>user_id</c> the producer published with, as the broker checked it then.</summary>
    public const string OriginalUserId = "x-original-user-id";

    /// <summary>The exchange the message was first published to (a replay comes through the default exchange).</summary>
    public const string OriginalExchange = "x-original-exchange";

    /// <summary>Moves the <c>user_id</c> into a header, for a message an operator tool re-publishes.</summary>
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

    /// <summary>A header's value as text (RabbitMQ hands strings over as bytes).</summary>
    public static string? Text(object? value) =>
        value switch
        {
            byte[] bytes => System.Text.Encoding.UTF8.GetString(bytes),
            null => null,
            _ => value.ToString(),
        };
}
