namespace Messaging.Ledger.Backups;

// The first line of a backup file. The SHA-256 of the contents line means a truncated or edited file is refused before anything is
// restored.
public sealed record BackupHeader(
    string Format,
    int Version,
    DateTimeOffset CreatedAt,
    string Scope,
    int Accounts,
    int Entries,
    string Sha256
)
{
    public const string FormatName = "points-ledger-backup";

    /// <summary>Version 2 adds the other ledger tables to a full backup; version 1 files (the journal only) still restore.</summary>
    public const int CurrentVersion = 2;

    public const int OldestReadable = 1;
}
