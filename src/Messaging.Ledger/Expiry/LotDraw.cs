namespace Messaging.Ledger.Expiry;

/// <summary>Which lot paid for how much of which debit: spending, a redemption's capture, a reversal, an expiry.</summary>
public sealed class LotDraw
{
    public long Id { get; set; }
    public long AccountId { get; set; }

    /// <summary>With <see cref="AccountId"/>, the lot drawn.</summary>
    public long LotEntryId { get; set; }

    /// <summary>The debit's entry.</summary>
    public long JournalEntryId { get; set; }

    public long Amount { get; set; }
}
