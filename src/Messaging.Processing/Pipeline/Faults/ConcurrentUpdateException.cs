namespace Messaging.Processing.Pipeline.Faults;

// Another message changed the same saga (or placed the same hold) first. Retried like any transient fault: the next attempt reads the
// new state and decides again.
public sealed class ConcurrentUpdateException : Exception
{
    public ConcurrentUpdateException() { }

    public ConcurrentUpdateException(string message)
        : base(message) { }

    public ConcurrentUpdateException(string message, Exception innerException)
        : base(message, innerException) { }
}
