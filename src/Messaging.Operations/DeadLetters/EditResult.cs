namespace Messaging.Operations.DeadLetters;

/// <summary>
/// What an edit and retry did (or, for a dry run, would do): the original and the copy's message ids, where it went,
/// the fields changed, what the ledger would say to the copy now (null when it cannot tell), and the copy's body.
/// </summary>
public sealed record EditResult(
    bool DryRun,
    string OriginalMessageId,
    string? RetriedAs,
    string Queue,
    string SourceQueue,
    IReadOnlyList<FieldChange> Changes,
    string? Verdict,
    string Body
);
