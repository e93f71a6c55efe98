namespace Messaging.Ledger.Adjustments;

/// <summary>What a request or an approval did, in words for the operator; the adjustment as it stands (null when not found).</summary>
public sealed record AdjustmentOutcome(AdjustmentOutcomeKind Kind, string Message, Adjustment? Adjustment);
