namespace Messaging.Operations.DeadLetters;

/// <summary><see cref="Applied"/> is null when nothing is applied under the key.</summary>
public sealed record ConflictView(
    string Key,
    string? MessageId,
    IReadOnlyDictionary<string, string?>? Applied,
    IReadOnlyDictionary<string, string?> DeadLettered
);
