namespace Messaging.Processing.DeadLetters;

/// <summary>The JSON shape of <c>dlq replay --json</c>; a dry run adds each message's verdict and their counts.</summary>
public sealed record ReplayReport(
    bool DryRun, int Matched, IReadOnlyList<ReplayRoute> Replayed, string? Failure, IReadOnlyList<PreviewedLetter>? Messages, ReplayOutlook? Outlook);
