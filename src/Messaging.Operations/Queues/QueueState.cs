namespace Messaging.Operations.Queues;

public enum QueueState
{
    /// <summary>It will be declared with the expected arguments.</summary>
    Absent,

    Protected,

    /// <summary>
    /// Declared before dead-lettering was configured; arguments cannot change in place, so it keeps them (and is reported) until queues
    /// migrate redeclares it.
    /// </summary>
    Legacy,
}
