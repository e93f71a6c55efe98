namespace Messaging.Operations.DeadLetters;

/// <summary>
/// Both copies of an idempotency conflict side by side, field by field: what the ledger applied under the key (null when
/// nothing is), and what the dead-lettered copy would write.
/// </summary>
public sealed record ConflictView(
    string Key,
    string? MessageId,
    IReadOnlyDictionary<string, string?>? Applied,
    IReadOnlyDictionary<string, string?> DeadLettered
);
