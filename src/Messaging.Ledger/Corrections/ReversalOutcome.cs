namespace Messaging.Ledger.Corrections;

/// <summary>What a reversal did: its kind, the compensating entry's key, and, when it did nothing, why and what to do.</summary>
public sealed record ReversalOutcome(ReversalOutcomeKind Kind, string Key, string ReversalKey, string Message);
