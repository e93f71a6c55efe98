namespace Messaging.Operations.DeadLetters;

// The JSON shape of a replay (dlq replay --json, the API).
public sealed record ReplayReport(
    bool DryRun,
    int Matched,
    IReadOnlyList<ReplayRoute> Replayed,
    string? Failure,
    IReadOnlyList<PreviewedLetter>? Messages,
    ReplayOutlook? Outlook
);
