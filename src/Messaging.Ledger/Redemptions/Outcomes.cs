namespace Messaging.Ledger.Redemptions;

/// <summary>The final outcome recorded on a redemption saga (<c>redemption_sagas.outcome</c>).</summary>
public static class Outcomes
{
    public const string Completed = "completed";
    public const string Failed = "failed";
    public const string Rejected = "rejected";
}
