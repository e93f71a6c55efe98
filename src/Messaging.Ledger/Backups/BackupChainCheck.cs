namespace Messaging.Ledger.Backups;

/// <summary>What checking a backup's hash chain found: how many links it proved, and the first problem (none: sound).</summary>
public sealed record BackupChainCheck(long Links, bool ReachesHead, string? Problem)
{
    public bool Sound => Problem is null;
}
