namespace Messaging.Ledger.Accounts;

// Balance is a cache of the sum of the account's postings, maintained by the database itself (a trigger on postings), never written by
// application code.
public sealed class Account
{
    public long Id { get; set; }
    public required string Code { get; set; }

    /// <summary><see cref="AccountRef.DefaultTenant"/> until tenants exist.</summary>
    public string TenantId { get; set; } = AccountRef.DefaultTenant;

    public required string Kind { get; set; }
    public string? OwnerId { get; set; }
    public bool AllowNegative { get; set; }
    public long Balance { get; set; }
    public long TotalCredited { get; set; }
    public long TotalDebited { get; set; }

    /// <summary>Points reserved by active holds; maintained by the database from ledger_holds.</summary>
    public long Held { get; set; }

    public DateTimeOffset? LastCreditedAt { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
}
