namespace Messaging.Api.Incidents;

/// <summary><see cref="MessageType"/>: a message type such as OrderCompleted, or its queue.</summary>
public sealed record PauseRequest(string? MessageType, string? Reason);
