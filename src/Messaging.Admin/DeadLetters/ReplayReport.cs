namespace Messaging.Admin.DeadLetters;

internal sealed record ReplayReport(bool DryRun, int Matched, IReadOnlyList<ReplayRoute> Replayed, string? Failure, IReadOnlyList<PreviewedLetter>? Messages);
