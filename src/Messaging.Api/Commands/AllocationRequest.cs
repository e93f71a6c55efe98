namespace Messaging.Api.Commands;

/// <param name="AllocationId">Sent again, it is applied once (default: a new one).</param>
/// <param name="Points">Points to move from the platform to the pool.</param>
/// <param name="ReferenceNote">An invoice or contract reference.</param>
public sealed record AllocationRequest(string? AllocationId, long Points, string? ReferenceNote);
