namespace Messaging.Api.DeadLetters;

/// <summary>A purge archive in the API's archive directory: its file name (what a restore names), when it was written, its size.</summary>
public sealed record PurgeArchive(string Name, DateTimeOffset WrittenAt, long Bytes);
