namespace Messaging.Ledger.Operations;

public sealed record RepairPlan(IReadOnlyList<BalanceCorrection> Corrections, IReadOnlyList<HeldCorrection> HeldCorrections)
{
    /// <summary>An account can count twice: once for its balance, once for its held points.</summary>
    public int Count => Corrections.Count + HeldCorrections.Count;
}
