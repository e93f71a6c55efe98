namespace Messaging.Operations.Queues;

// A queue exists with arguments the processor neither declares nor can keep declaring (another delivery limit, say): it cannot start
// on it, and says which setting or command fixes it.
public sealed class QueueArgumentsMismatchException : Exception
{
    public QueueArgumentsMismatchException() { }

    public QueueArgumentsMismatchException(string message)
        : base(message) { }

    public QueueArgumentsMismatchException(string message, Exception innerException)
        : base(message, innerException) { }
}
