namespace Messaging.Api.DeadLetters;

/// <summary>A restore always needs the operator's confirmation. <see cref="MessageId"/> picks one message of the archive.</summary>
public sealed record ArchiveRestoreRequest(string? MessageId = null, bool DryRun = false, bool Confirm = false);
