namespace Messaging.Ledger.Auditing;

/// <summary>The audit's verdict plus the health figures operators watch.</summary>
public sealed record AuditReport(
    IReadOnlyList<AuditFinding> Findings,
    long Accounts,
    long Entries,
    long Postings,
    long PointsIssued,
    long OutboxPending,
    double? OldestOutboxAgeSeconds,
    long InboxSize,
    long ActiveHolds,
    long HeldPoints,
    long OpenRedemptions
)
{
    public bool Clean => Findings.Count == 0;

    /// <summary>Points in tenants' pools: allocated, not yet granted or clawed back.</summary>
    public long InPools { get; init; }

    /// <summary>Points in users' wallets, held or not.</summary>
    public long InWallets { get; init; }

    /// <summary>Points spent on redemptions (the redemptions sink).</summary>
    public long Spent { get; init; }

    /// <summary>
    /// Points issued by each issuance account: one per issuer kind (<c>platform:issuance:orders</c>, <c>:events</c>,
    /// <c>:admins</c>), and <c>platform:issuance</c> for what was minted before issuers had their own.
    /// </summary>
    public IReadOnlyDictionary<string, long> IssuedByAccount { get; init; } = new Dictionary<string, long>();

    /// <summary>Whether issued = pools + wallets + spent: every minted point is somewhere.</summary>
    public bool Conserved => PointsIssued == InPools + InWallets + Spent;
}
