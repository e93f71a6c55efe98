namespace Messaging.Api.Incidents;

/// <summary>What to pause (a message type such as OrderCompleted, or its queue) and why.</summary>
public sealed record PauseRequest(string? MessageType, string? Reason);
