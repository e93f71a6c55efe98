namespace Messaging.Ledger.Adjustments;

public enum AdjustmentOutcomeKind
{
    Applied,
    AwaitingApproval,
    Refused,
    NotFound,
    Cancelled,
}
