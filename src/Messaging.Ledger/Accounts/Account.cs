namespace Messaging.Ledger.Accounts;

/// <summary>
/// A ledger account. Its balance is a cache of the sum of its postings, maintained by the database
/// itself (a trigger on <c>postings</c>), never written by application code.
/// </summary>
public sealed class Account
{
    public long Id { get; set; }
    public required string Code { get; set; }

    /// <summary>The tenant the account belongs to (<see cref="AccountRef.DefaultTenant"/> until tenants exist).</summary>
    public string TenantId { get; set; } = AccountRef.DefaultTenant;

    public required string Kind { get; set; }
    public string? OwnerId { get; set; }
    public bool AllowNegative { get; set; }
    public long Balance { get; set; }
    public long TotalCredited { get; set; }
    public long TotalDebited { get; set; }

    /// <summary>Points reserved by active holds; maintained by the database from <c>ledger_holds</c>.</summary>
    public long Held { get; set; }

    public DateTimeOffset? LastCreditedAt { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
}
