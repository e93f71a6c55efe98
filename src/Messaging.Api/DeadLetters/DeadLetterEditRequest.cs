namespace Messaging.Api.DeadLetters;

/// <summary>
/// The body of an edit and retry: the fields to set (<c>{"currency": "USD"}</c>, dotted paths for nested fields), the
/// dead-letter queue to look in (all of them when absent), and whether only to preview.
/// </summary>
public sealed record DeadLetterEditRequest(IReadOnlyDictionary<string, string>? Set = null, string? Queue = null, bool DryRun = false);
