namespace Messaging.Ledger.Holds;

// Two deliveries of one redemption request raced and the other placed the hold first: a concurrency fault, retried like one (the retry
// finds the redemption already decided).
public sealed class HoldAlreadyPlacedException : Exception
{
    public HoldAlreadyPlacedException() { }

    public HoldAlreadyPlacedException(string message)
        : base(message) { }

    public HoldAlreadyPlacedException(string message, Exception innerException)
        : base(message, innerException) { }
}
