namespace Messaging.Ledger.Adjustments;

/// <summary>An operator's correction of a wallet, with its reason, who asked, and who approved it when it needed approving.</summary>
public sealed class Adjustment
{
    public long Id { get; set; }
    public required string UserId { get; set; }

    /// <summary>Signed: positive credits the wallet, negative debits it.</summary>
    public long Points { get; set; }

    public required string Reason { get; set; }
    public required string Status { get; set; }
    public required string RequestedBy { get; set; }
    public DateTimeOffset RequestedAt { get; set; }
    public string? ApprovedBy { get; set; }
    public DateTimeOffset? DecidedAt { get; set; }

    /// <summary>The adjustment:{id} entry, once applied.</summary>
    public long? JournalEntryId { get; set; }

    /// <summary>Why it was not applied: the guard's refusal, or who cancelled it and why.</summary>
    public string? Refusal { get; set; }

    public string EntryKey => KeyOf(Id);

    public static string KeyOf(long id) => $"adjustment:{id}";
}
