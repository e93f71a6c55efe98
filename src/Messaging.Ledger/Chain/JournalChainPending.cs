namespace Messaging.Ledger.Chain;

// Written and deleted by the chain's triggers alone (ledger_chain_note, ledger_chain_link); the model maps it for the schema's sake.
/// <summary>A row of journal_chain_pending: a transaction that wrote journal entries and has not committed yet.</summary>
public sealed class JournalChainPending
{
    public long TransactionId { get; set; }
}
