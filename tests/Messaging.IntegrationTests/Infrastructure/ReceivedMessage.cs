namespace Messaging.IntegrationTests.Infrastructure;

internal sealed record ReceivedMessage(string? MessageId, string Body, IReadOnlyDictionary<string, string?> Headers);
