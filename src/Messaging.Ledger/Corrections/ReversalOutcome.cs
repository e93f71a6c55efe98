namespace Messaging.Ledger.Corrections;

/// <summary><see cref="Message"/> says, when it did nothing, why and what to do.</summary>
public sealed record ReversalOutcome(ReversalOutcomeKind Kind, string Key, string ReversalKey, string Message);
