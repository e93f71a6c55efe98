namespace Messaging.Api.DeadLetters;

/// <summary>
/// <see cref="Keep"/>: which copy (<see cref="Messaging.Operations.DeadLetters.ConflictChoices"/>). <see cref="Queue"/>: the dead-letter
/// queue to look in (all when absent).
/// </summary>
public sealed record ConflictRequest(string? Keep = null, string? Reason = null, string? Queue = null);
