namespace Messaging.Operations.Broker;

/// <summary>What kind of <see cref="BrokerProblemException"/> it is.</summary>
public enum BrokerProblemKind
{
    /// <summary>The request itself was wrong (a malformed filter, an out-of-range value).</summary>
    Usage,

    /// <summary>What was asked for does not exist (a queue, a virtual host).</summary>
    NotFound,

    /// <summary>The broker or its management API could not be reached, refused the credentials, or did not confirm.</summary>
    Unreachable,

    /// <summary>A guarded action was refused (not confirmed, or unsafe now).</summary>
    Refused,

    /// <summary>The caller's role may not do it (an operator changing what a dead letter credits, or to whom).</summary>
    Forbidden,
}
