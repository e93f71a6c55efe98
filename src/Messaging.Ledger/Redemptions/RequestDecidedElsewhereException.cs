namespace Messaging.Ledger.Redemptions;

// Two deliveries of one redemption request were decided at once (by two group-commit writers) and the other committed its hold or saga row
// first: a concurrency fault, retried like one (the retry finds the request decided, and repeated).
public sealed class RequestDecidedElsewhereException : Exception
{
    public RequestDecidedElsewhereException() { }

    public RequestDecidedElsewhereException(string message)
        : base(message) { }

    public RequestDecidedElsewhereException(string message, Exception innerException)
        : base(message, innerException) { }
}
