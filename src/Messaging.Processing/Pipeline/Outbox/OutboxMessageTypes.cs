using Messaging.Contracts;

namespace Messaging.Processing.Pipeline.Outbox;

// A closed list, by the name stored in outbox_message.message_type: the sweeper never instantiates a type it was not told about.
internal static class OutboxMessageTypes
{
    private static readonly Dictionary<string, Type> ByName = ContractExchanges.Contracts.ToDictionary(NameOf, StringComparer.Ordinal);

    public static string NameOf(Type type) => type.FullName ?? type.Name;

    public static Type Resolve(string name) =>
        ByName.TryGetValue(name, out var type)
            ? type
            : throw new InvalidOperationException($"Outbox message type '{name}' is not a known contract in Messaging.Contracts.");
}
