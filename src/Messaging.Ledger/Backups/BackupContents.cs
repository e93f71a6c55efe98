namespace Messaging.Ledger.Backups;

/// <summary>What a backup holds: the accounts it touches and its journal entries with their postings.</summary>
public sealed record BackupContents(IReadOnlyList<BackupAccount> Accounts, IReadOnlyList<BackupEntry> Entries);
