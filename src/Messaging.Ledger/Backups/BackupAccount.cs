namespace Messaging.Ledger.Backups;

/// <summary>An account as backed up; its balance is informative, restore rebuilds it from postings.</summary>
public sealed record BackupAccount(string Code, string Kind, string? OwnerId, bool AllowNegative, long Balance);
