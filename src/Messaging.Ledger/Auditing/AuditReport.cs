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
    long OpenRedemptions)
{
    public bool Clean => Findings.Count == 0;
}
