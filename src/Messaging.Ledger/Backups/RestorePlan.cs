namespace Messaging.Ledger.Backups;

public sealed record RestorePlan(
    int ToRestore,
    int AlreadyPresent,
    IReadOnlyList<string> Conflicts,
    IReadOnlyDictionary<string, int>? TableRows = null
)
{
    public bool CanRestore => Conflicts.Count == 0;
}
