namespace Messaging.Operations.Broker;

// A broker problem an operator can fix; the message says how. The CLI turns its kind into an exit code, the API into an HTTP status.
public sealed class BrokerProblemException(BrokerProblemKind kind, string message, Exception? inner = null) : Exception(message, inner)
{
    public BrokerProblemKind Kind { get; } = kind;
}
