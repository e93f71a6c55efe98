namespace Messaging.Api.DeadLetters;

/// <summary>
/// A purge always needs the operator's confirmation, and so does a replay of more than ten. <see cref="MessageId"/> picks one message.
/// </summary>
public sealed record DeadLetterRequest(
    string? Queue = null,
    string? Type = null,
    string? Reason = null,
    string? Group = null,
    string? OlderThan = null,
    int? Limit = null,
    bool DryRun = false,
    bool Confirm = false,
    string? MessageId = null
);
