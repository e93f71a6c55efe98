namespace Messaging.Ledger.Chain;

// Written by the chain's trigger alone (Schema/Functions/ledger_chain_append.sql); the model maps it for the schema's sake, and nothing
// writes it through EF Core.
/// <summary>A row of journal_chain: one link of the hash chain.</summary>
public sealed class JournalChainLink
{
    /// <summary>1 for the first entry ever committed, then one more per entry, in commit order.</summary>
    public long Sequence { get; set; }

    public long JournalEntryId { get; set; }

    /// <summary>SHA-256 of the previous link's hash followed by the entry's digest (ledger_chain_digests).</summary>
    public byte[] Hash { get; set; } = [];
}
