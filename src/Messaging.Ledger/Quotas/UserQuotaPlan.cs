namespace Messaging.Ledger.Quotas;

// Users with no row are on the default plan (Quotas:DefaultPlan).
public sealed class UserQuotaPlan
{
    public required string UserId { get; set; }
    public required string Plan { get; set; }
    public DateTimeOffset ChangedAt { get; set; }
}
