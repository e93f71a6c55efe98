namespace Messaging.Ledger.Corrections;

/// <summary>
/// <see cref="ReversalKey"/> and <see cref="ResolutionKey"/> are set when those entries were written; <see cref="Message"/> says what
/// happened or what to do.
/// </summary>
public sealed record ConflictOutcome(ConflictOutcomeKind Kind, string Key, string? ReversalKey, string? ResolutionKey, string Message);
