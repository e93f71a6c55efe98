namespace Messaging.Ledger.Journal;

internal sealed record JournalEntryRow(
    string IdempotencyKey,
    string EntryType,
    string Description,
    string PayloadHash,
    DateTimeOffset OccurredAt,
    string MetadataJson,
    DateTimeOffset? RecordedAt,
    Guid? SourceMessageId,
    string? TraceId
)
{
    /// <summary>When the wallet points this entry credits expire; null: never, unless <see cref="ExpiryMonths"/> says.</summary>
    public DateTimeOffset? PointsExpireAt { get; init; }

    /// <summary>Counted from when the entry is recorded, when <see cref="PointsExpireAt"/> is null.</summary>
    public int? ExpiryMonths { get; init; }
}
