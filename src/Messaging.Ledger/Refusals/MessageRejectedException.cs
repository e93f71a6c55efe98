namespace Messaging.Ledger.Refusals;

/// <summary>
/// A message that can never be applied as it is (invalid, or in conflict with the ledger). Never retried:
/// it goes straight to the queue's <c>_error</c> queue, and its message is the reason a human reads there.
/// </summary>
public sealed class MessageRejectedException : Exception
{
    public MessageRejectedException(string reasonCode, string message)
        : base(message)
    {
        ReasonCode = reasonCode;
    }

    public MessageRejectedException()
        : this("rejected", "The message was rejected.")
    {
    }

    public MessageRejectedException(string message)
        : this("rejected", message)
    {
    }

    public MessageRejectedException(string message, Exception innerException)
        : base(message, innerException)
    {
        ReasonCode = "rejected";
    }

    /// <summary>A stable, machine-readable code (such as <c>validation</c> or <c>idempotency_conflict</c>).</summary>
    public string ReasonCode { get; }
}
