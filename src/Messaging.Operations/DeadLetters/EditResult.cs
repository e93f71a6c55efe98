namespace Messaging.Operations.DeadLetters;

/// <summary><see cref="Verdict"/>: what the ledger would say to the copy now; null when it cannot tell.</summary>
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
