namespace Messaging.Ledger.Operations;

/// <summary>What a repair changes: cached balances that differ from postings, held points that differ from active holds.</summary>
public sealed record RepairPlan(IReadOnlyList<BalanceCorrection> Corrections, IReadOnlyList<HeldCorrection> HeldCorrections)
{
    /// <summary>How many figures differ (an account can count twice: once for its balance, once for its held points).</summary>
    public int Count => Corrections.Count + HeldCorrections.Count;
}
