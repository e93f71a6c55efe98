namespace Messaging.Ledger.Chain;

/// <summary>A row of ledger_checkpoints: the chain's head as announced for one UTC day.</summary>
public sealed class LedgerCheckpointRow
{
    public DateOnly Day { get; set; }
    public long Sequence { get; set; }
    public long JournalEntryId { get; set; }
    public byte[] Hash { get; set; } = [];
    public DateTimeOffset TakenAt { get; set; }
}
