namespace Messaging.Ledger.Chain;

/// <summary>
/// One link of the journal's hash chain: its position, the entry it covers and its hash (lower-case hex). The newest one, kept somewhere
/// the ledger's owner cannot write (a <c>LedgerCheckpoint</c> consumer, a ticket, a signed backup), proves later that nothing before
/// it was changed or cut off.
/// </summary>
public sealed record ChainLink(long Sequence, long JournalEntryId, string Hash)
{
    /// <summary>What the chain starts from: the link before the first.</summary>
    public const string GenesisHash = "0000000000000000000000000000000000000000000000000000000000000000";

    public ChainCheckpoint Checkpoint => new(Sequence, Hash);
}
