namespace Messaging.Operations.Broker;

public enum BrokerProblemKind
{
    /// <summary>A malformed filter, an out-of-range value.</summary>
    Usage,

    NotFound,

    /// <summary>Not reached, refused the credentials, or did not confirm.</summary>
    Unreachable,

    /// <summary>Not confirmed, or unsafe now.</summary>
    Refused,

    /// <summary>The caller's role may not do it (an operator changing what a dead letter credits, or to whom).</summary>
    Forbidden,
}
