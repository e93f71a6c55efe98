namespace Messaging.Api.DeadLetters;

/// <summary>
/// <see cref="Set"/>: the fields to set ({"currency": "USD"}), dotted paths for nested fields. <see cref="Queue"/>: the dead-letter queue
/// to look in (all when absent).
/// </summary>
public sealed record DeadLetterEditRequest(IReadOnlyDictionary<string, string>? Set = null, string? Queue = null, bool DryRun = false);
