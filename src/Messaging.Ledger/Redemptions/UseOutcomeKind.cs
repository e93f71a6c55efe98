namespace Messaging.Ledger.Redemptions;

public enum UseOutcomeKind
{
    Marked,
    AlreadyUsed,
    Unknown,
    Expired,
}
