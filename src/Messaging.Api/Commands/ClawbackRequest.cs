namespace Messaging.Api.Commands;

/// <summary>The body of a clawback.</summary>
/// <param name="ClawbackId">The clawback's id; sent again, it is applied once (default: a new one).</param>
/// <param name="Points">Points to take back (at most what the pool holds is taken).</param>
/// <param name="Reason">Why.</param>
public sealed record ClawbackRequest(string? ClawbackId, long Points, string? Reason);
