using System.Reflection;
using Messaging.Contracts.Earning;

namespace Messaging.Processing.Outbox;

/// <summary>
/// The message types that may sit in the outbox, by the name stored in <c>outbox_message.message_type</c>.
/// A closed list: the sweeper never instantiates a type it was not told about.
/// </summary>
internal static class OutboxMessageTypes
{
    private static readonly Dictionary<string, Type> ByName = typeof(PointsEarned).Assembly.GetTypes()
        .Where(t => t is { IsPublic: true, IsClass: true, Namespace: not null } && t.GetCustomAttribute<System.Runtime.CompilerServices.CompilerGeneratedAttribute>() is null)
        .ToDictionary(NameOf, StringComparer.Ordinal);

    public static string NameOf(Type type) => type.FullName ?? type.Name;

    public static Type Resolve(string name) =>
        ByName.TryGetValue(name, out var type)
            ? type
            : throw new InvalidOperationException($"Outbox message type '{name}' is not a known contract in Messaging.Contracts.");
}
