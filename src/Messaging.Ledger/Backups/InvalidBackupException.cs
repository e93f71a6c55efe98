namespace Messaging.Ledger.Backups;

// Wrong format or version, checksum mismatch, truncated.
public sealed class InvalidBackupException : Exception
{
    public InvalidBackupException() { }

    public InvalidBackupException(string message)
        : base(message) { }

    public InvalidBackupException(string message, Exception innerException)
        : base(message, innerException) { }
}
