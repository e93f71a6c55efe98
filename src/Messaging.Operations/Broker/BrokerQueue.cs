using System.Text.Json;
using Messaging.Operations.Queues;

namespace Messaging.Operations.Broker;

public sealed record BrokerQueue(
    string Name,
    string Type,
    IReadOnlyDictionary<string, object?> Arguments,
    IReadOnlyDictionary<string, object?> Policy,
    long Messages,
    long Unacknowledged = 0
)
{
    public bool IsParked => QueueArguments.IsParked(Name);

    /// <summary>The queue's own argument, else its policy's (policy keys have no x- prefix).</summary>
    public object? Effective(string argument) =>
        Arguments.TryGetValue(argument, out var value) ? value
        : Policy.TryGetValue(argument.StartsWith("x-", StringComparison.Ordinal) ? argument[2..] : argument, out var fromPolicy)
            ? fromPolicy
        : null;

    public static BrokerQueue From(JsonElement queue) =>
        new(
            queue.GetProperty("name").GetString() ?? "",
            queue.TryGetProperty("type", out var type) ? type.GetString() ?? "classic" : "classic",
            ArgumentsOf(queue.TryGetProperty("arguments", out var arguments) ? arguments : default),
            ArgumentsOf(queue.TryGetProperty("effective_policy_definition", out var policy) ? policy : default),
            queue.TryGetProperty("messages", out var messages) && messages.ValueKind == JsonValueKind.Number ? messages.GetInt64() : 0,
            queue.TryGetProperty("messages_unacknowledged", out var unacknowledged) && unacknowledged.ValueKind == JsonValueKind.Number
                ? unacknowledged.GetInt64()
                : 0
        );

    /// <summary>Numbers as long, strings as string.</summary>
    public static IReadOnlyDictionary<string, object?> ArgumentsOf(JsonElement element) =>
        element.ValueKind != JsonValueKind.Object
            ? new Dictionary<string, object?>()
            : element.EnumerateObject().ToDictionary(p => p.Name, p => Plain(p.Value), StringComparer.Ordinal);

    private static object? Plain(JsonElement value) =>
        value.ValueKind switch
        {
            JsonValueKind.Number => value.TryGetInt64(out var number) ? number : value.GetDouble(),
            JsonValueKind.String => value.GetString(),
            JsonValueKind.True => true,
            JsonValueKind.False => false,
            JsonValueKind.Null or JsonValueKind.Undefined => null,
            _ => value.GetRawText(),
        };
}
