namespace Messaging.Ledger.Backups;

public sealed record RestoreResult(int Entries, IReadOnlyDictionary<string, long> Rows);
