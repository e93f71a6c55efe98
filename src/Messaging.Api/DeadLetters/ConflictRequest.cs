namespace Messaging.Api.DeadLetters;

/// <summary>
/// The body of a conflict resolution: which copy to keep (<see cref="Messaging.Operations.DeadLetters.ConflictChoices"/>),
/// why, and the dead-letter queue to look in (all when absent).
/// </summary>
public sealed record ConflictRequest(string? Keep = null, string? Reason = null, string? Queue = null);
