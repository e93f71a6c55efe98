namespace Messaging.Api.Adjustments;

/// <param name="Reason">Why the pending adjustment is withdrawn; kept on it and in the operator log.</param>
public sealed record CancellationRequest(string? Reason);
