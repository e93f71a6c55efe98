namespace Messaging.Ledger.Backups;

/// <summary>A backup as read: its header (and the exact line it was read from, which a signature covers), contents and signature.</summary>
public sealed record BackupFile(BackupHeader Header, BackupContents Contents, string HeaderLine, BackupSignature? Signature);
