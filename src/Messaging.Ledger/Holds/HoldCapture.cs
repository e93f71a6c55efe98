namespace Messaging.Ledger.Holds;

public sealed record HoldCapture(
    string EntryType,
    string Description,
    string PayloadHash,
    Guid? SourceMessageId,
    DateTimeOffset OccurredAt,
    string MetadataJson
);
