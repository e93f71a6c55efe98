namespace Messaging.Ledger.Backups;

/// <summary>A backup file that cannot be trusted (wrong format or version, checksum mismatch, truncated).</summary>
public sealed class InvalidBackupException : Exception
{
    public InvalidBackupException() { }

    public InvalidBackupException(string message)
        : base(message) { }

    public InvalidBackupException(string message, Exception innerException)
        : base(message, innerException) { }
}
