namespace Messaging.Testing;

public sealed record ReceivedMessage(string? MessageId, string Body, IReadOnlyDictionary<string, string?> Headers);
