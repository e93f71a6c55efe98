namespace Messaging.Ledger.Holds;

// A hold is active until it is captured (posted) or voided, once; the database refuses any other move.
public static class HoldStatuses
{
    public const string Active = "active";
    public const string Captured = "captured";
    public const string Voided = "voided";
}
