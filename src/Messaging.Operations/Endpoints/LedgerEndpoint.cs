namespace Messaging.Operations.Endpoints;

/// <summary>
/// <see cref="Inbox"/>: the queue's name in the inbox, never the queue's and never to change. <see cref="SoleContract"/> null: several,
/// each message names its own. <see cref="PausedAs"/>: the message type an operator names to pause it; null: it cannot be paused.
/// </summary>
public sealed record LedgerEndpoint(string Queue, string Inbox, Type? SoleContract, string? PausedAs);
