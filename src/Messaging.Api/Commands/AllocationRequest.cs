namespace Messaging.Api.Commands;

/// <summary>The body of an allocation.</summary>
/// <param name="AllocationId">The allocation's id; sent again, it is applied once (default: a new one).</param>
/// <param name="Points">Points to move from the platform to the pool.</param>
/// <param name="ReferenceNote">Why (an invoice or contract reference).</param>
public sealed record AllocationRequest(string? AllocationId, long Points, string? ReferenceNote);
