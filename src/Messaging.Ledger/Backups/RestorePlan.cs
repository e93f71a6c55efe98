namespace Messaging.Ledger.Backups;

/// <summary>
/// What a restore would do: entries to write, entries already there, conflicts that stop it, and the rows of the other
/// tables the backup carries, by table (each written unless already there).
/// </summary>
public sealed record RestorePlan(
    int ToRestore,
    int AlreadyPresent,
    IReadOnlyList<string> Conflicts,
    IReadOnlyDictionary<string, int>? TableRows = null
)
{
    public bool CanRestore => Conflicts.Count == 0;
}
