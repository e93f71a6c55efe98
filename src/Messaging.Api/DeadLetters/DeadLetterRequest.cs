namespace Messaging.Api.DeadLetters;

/// <summary>
/// The body of a replay or purge: which dead letters (the filters of <c>dlq show</c>), whether only to preview
/// (<see cref="DryRun"/>), and the operator's confirmation, which a purge always needs and a replay of more than ten.
/// </summary>
public sealed record DeadLetterRequest(
    string? Queue = null,
    string? Type = null,
    string? Reason = null,
    string? Group = null,
    string? OlderThan = null,
    int? Limit = null,
    bool DryRun = false,
    bool Confirm = false
);
