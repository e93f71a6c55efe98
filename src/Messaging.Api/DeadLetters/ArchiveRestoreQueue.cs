namespace Messaging.Api.DeadLetters;

/// <summary>One queue a restore publishes to, and how many of the archive's messages go there.</summary>
public sealed record ArchiveRestoreQueue(string Queue, int Count);
