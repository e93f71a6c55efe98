namespace Messaging.Ledger.Corrections;

/// <summary>
/// What a conflict resolution did: its kind, the key in conflict, the compensating entry's and the replacing entry's keys
/// when they were written, and a message that says what happened or what to do.
/// </summary>
public sealed record ConflictOutcome(ConflictOutcomeKind Kind, string Key, string? ReversalKey, string? ResolutionKey, string Message);
