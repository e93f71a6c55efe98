namespace Messaging.Ledger.Backups;

/// <summary>What a restore wrote: journal entries, and rows of the other tables, by table.</summary>
public sealed record RestoreResult(int Entries, IReadOnlyDictionary<string, long> Rows);
