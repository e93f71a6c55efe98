namespace Messaging.Contracts;

/// <summary>
/// A message that can never be applied as it is (invalid, or in conflict with the ledger). Never retried:
/// it goes straight to the queue's <c>_error</c> queue, and its message is the reason a human reads there.
/// </summary>
public sealed class MessageRejectedException : Exception
{
    /// <summary>A refusal with its code and the reason a human reads.</summary>
    public MessageRejectedException(string reasonCode, string message)
        : base(message)
    {
        ReasonCode = reasonCode;
    }

    /// <summary>A refusal without a reason (code <c>rejected</c>).</summary>
    public MessageRejectedException()
        : this("rejected", "The message was rejected.") { }

    /// <summary>A refusal with a reason (code <c>rejected</c>).</summary>
    public MessageRejectedException(string message)
        : this("rejected", message) { }

    /// <summary>A refusal with a reason and its cause (code <c>rejected</c>).</summary>
    public MessageRejectedException(string message, Exception innerException)
        : base(message, innerException)
    {
        ReasonCode = "rejected";
    }

    /// <summary>A stable, machine-readable code (such as <c>validation</c> or <c>idempotency_conflict</c>).</summary>
    public string ReasonCode { get; }
}
