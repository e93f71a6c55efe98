using Messaging.Ledger.Chain;

namespace Messaging.Ledger.Auditing;

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

    /// <summary>Allocated, not yet granted or clawed back.</summary>
    public long InPools { get; init; }

    /// <summary>Held or not.</summary>
    public long InWallets { get; init; }

    public long Spent { get; init; }

    /// <summary>Points whose lots expired (issue 27).</summary>
    public long Expired { get; init; }

    /// <summary>One per issuer, and platform:issuance for what was minted before issuers had their own.</summary>
    public IReadOnlyDictionary<string, long> IssuedByAccount { get; init; } = new Dictionary<string, long>();

    /// <summary>The hash chain checked (<c>audit --chain</c>), when asked for; its findings are among <see cref="Findings"/>.</summary>
    public ChainVerification? Chain { get; init; }

    /// <summary>Issued = pools + wallets + spent + expired: every minted point is somewhere.</summary>
    public bool Conserved => PointsIssued == InPools + InWallets + Spent + Expired;
}
