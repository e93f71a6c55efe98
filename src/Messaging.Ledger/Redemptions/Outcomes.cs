namespace Messaging.Ledger.Redemptions;

// redemption_sagas.outcome.
public static class Outcomes
{
    public const string Completed = "completed";
    public const string Failed = "failed";
    public const string Rejected = "rejected";
}
