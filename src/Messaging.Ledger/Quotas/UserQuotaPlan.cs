namespace Messaging.Ledger.Quotas;

/// <summary>Which plan a user is on; users with no row are on the default plan (<c>Quotas:DefaultPlan</c>).</summary>
public sealed class UserQuotaPlan
{
    public required string UserId { get; set; }
    public required string Plan { get; set; }
    public DateTimeOffset ChangedAt { get; set; }
}
