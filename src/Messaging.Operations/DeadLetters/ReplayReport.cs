namespace Messaging.Operations.DeadLetters;

/// <summary>
/// The JSON shape of a replay (<c>dlq replay --json</c>, the API): what matched and went where. A dry run adds what
/// each of the first <see cref="DeadLetterOperations.PreviewDetails"/> would do, and the counts for all of them.
/// </summary>
public sealed record ReplayReport(
    bool DryRun,
    int Matched,
    IReadOnlyList<ReplayRoute> Replayed,
    string? Failure,
    IReadOnlyList<PreviewedLetter>? Messages,
    ReplayOutlook? Outlook
);
