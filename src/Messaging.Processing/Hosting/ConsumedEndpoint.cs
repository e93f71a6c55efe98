namespace Messaging.Processing.Hosting;

/// <summary>
/// A queue the processor consumes: its name, its name in the inbox, the one contract it carries (null: several), the
/// message type an operator names to pause it (null: it cannot be paused), and the consumer and endpoint definition
/// registered for it (null: the redemption saga, registered with its repository).
/// </summary>
public sealed record ConsumedEndpoint(string Queue, string Inbox, Type? SoleContract, string? PausedAs, Type? Consumer = null, Type? Definition = null);
