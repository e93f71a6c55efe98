using System.Text.Json;

namespace Messaging.Ledger.Backups;

/// <summary>
/// What a backup holds: the accounts it touches and its journal entries with their postings, and (a full backup, from
/// version 2) every other ledger table's rows, by table (<see cref="BackupTables"/>).
/// </summary>
public sealed record BackupContents(
    IReadOnlyList<BackupAccount> Accounts,
    IReadOnlyList<BackupEntry> Entries,
    IReadOnlyDictionary<string, JsonElement>? Tables = null
);
