namespace Messaging.Ledger.Backups;

// The first line of a backup file. The SHA-256 of the contents line means a truncated or edited file is refused before anything is
// restored; a signature (the optional third line) is over this line, so it covers the contents and the chain's head too.
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

    /// <summary>
    /// Version 2 adds the other ledger tables to a full backup, version 3 the hash chain (each entry's link, the head in the header) and
    /// an optional signature line; older files still verify and restore.
    /// </summary>
    public const int CurrentVersion = 3;

    public const int OldestReadable = 1;

    /// <summary>The chain's head when the backup was made (from version 3; none while the journal was empty).</summary>
    public long? ChainSequence { get; init; }

    public string? ChainHash { get; init; }
}
