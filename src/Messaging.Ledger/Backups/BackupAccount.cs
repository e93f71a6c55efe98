namespace Messaging.Ledger.Backups;

/// <summary>
/// The balance is informative (a restore rebuilds it from postings); when it was last credited is put back, since the restore itself
/// credits it anew.
/// </summary>
public sealed record BackupAccount(
    string Code,
    string Kind,
    string? OwnerId,
    bool AllowNegative,
    long Balance,
    DateTimeOffset? LastCreditedAt = null
)
{
    /// <summary>Its id in the ledger the backup was made from (from version 3): the hash chain names accounts by id.</summary>
    public long? Id { get; init; }
}
