namespace Messaging.Ledger.Backups;

public sealed record BackupPosting(string Account, long Amount);
