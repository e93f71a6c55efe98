namespace Messaging.Api.DeadLetters;

/// <summary>What a restore from a purge archive did (or, in a dry run, would do): how many messages to which queue.</summary>
public sealed record ArchiveRestoreReport(bool DryRun, int Matched, int Restored, IReadOnlyList<ArchiveRestoreQueue> Queues);
