namespace Messaging.Operations.Broker;

/// <summary>
/// A broker problem an operator can fix: what went wrong and how to fix it. The CLI turns its kind into an exit code,
/// the API into an HTTP status.
/// </summary>
public sealed class BrokerProblemException(BrokerProblemKind kind, string message, Exception? inner = null) : Exception(message, inner)
{
    public BrokerProblemKind Kind { get; } = kind;
}
