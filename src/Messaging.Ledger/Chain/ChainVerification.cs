using Messaging.Ledger.Auditing;

namespace Messaging.Ledger.Chain;

/// <summary>What verifying the hash chain found: how many links, the newest, and a finding per kind of break (the first of each).</summary>
public sealed record ChainVerification(long Links, ChainLink? Head, IReadOnlyList<AuditFinding> Findings)
{
    public bool Intact => Findings.Count == 0;
}
