namespace Messaging.Processing.Hosting;

/// <summary>
/// A queue the processor consumes: its name, its name in the inbox, the one contract it carries (null: several), and
/// the message type an operator names to pause it (null: it cannot be paused).
/// </summary>
public sealed record ConsumedEndpoint(string Queue, string Inbox, Type? SoleContract, string? PausedAs);
