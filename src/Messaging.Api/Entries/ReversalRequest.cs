namespace Messaging.Api.Entries;

/// <param name="Reason">Kept on the reversal and in the operator log.</param>
public sealed record ReversalRequest(string? Reason);
