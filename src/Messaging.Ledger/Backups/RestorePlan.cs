namespace Messaging.Ledger.Backups;

/// <summary>What a restore would do: entries to write, entries already there, and conflicts that stop it.</summary>
public sealed record RestorePlan(int ToRestore, int AlreadyPresent, IReadOnlyList<string> Conflicts)
{
    public bool CanRestore => Conflicts.Count == 0;
}
