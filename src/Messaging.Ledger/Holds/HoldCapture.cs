namespace Messaging.Ledger.Holds;

/// <summary>The journal entry a capture writes: its type, description, payload hash, source message, when, and metadata (JSON).</summary>
public sealed record HoldCapture(
    string EntryType,
    string Description,
    string PayloadHash,
    Guid? SourceMessageId,
    DateTimeOffset OccurredAt,
    string MetadataJson
);
