using System.Text.Json;

namespace Messaging.Ledger.Backups;

/// <summary>A full backup (from version 2) also carries every other ledger table's rows, by table (<see cref="BackupTables"/>).</summary>
public sealed record BackupContents(
    IReadOnlyList<BackupAccount> Accounts,
    IReadOnlyList<BackupEntry> Entries,
    IReadOnlyDictionary<string, JsonElement>? Tables = null
);
