namespace Messaging.Processing.DeadLetters;

/// <summary>A queue the processor consumes: its name in the inbox, and the one contract it carries (null: several).</summary>
public sealed record ConsumedEndpoint(string Inbox, Type? SoleContract);
