namespace Messaging.Api.Commands;

/// <summary>
/// A <see cref="ClawbackId"/> sent again is applied once (default: a new one). At most what the pool holds of <see cref="Points"/> is
/// taken.
/// </summary>
public sealed record ClawbackRequest(string? ClawbackId, long Points, string? Reason);
