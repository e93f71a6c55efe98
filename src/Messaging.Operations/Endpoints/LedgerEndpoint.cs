namespace Messaging.Operations.Endpoints;

/// <summary>
/// A queue the processor consumes: its name, its name in the inbox (never the queue's, and never to change), the one
/// contract it carries (null: several, each message names its own), and the message type an operator names to pause it
/// (null: it cannot be paused).
/// </summary>
public sealed record LedgerEndpoint(string Queue, string Inbox, Type? SoleContract, string? PausedAs);
