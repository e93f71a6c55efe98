namespace Messaging.Api.Entries;

/// <summary>Why an entry is reversed (kept on the reversal and in the operator log).</summary>
public sealed record ReversalRequest(string? Reason);
