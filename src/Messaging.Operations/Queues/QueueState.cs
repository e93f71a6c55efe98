namespace Messaging.Operations.Queues;

/// <summary>What the broker has for a queue the processor is about to declare.</summary>
public enum QueueState
{
    /// <summary>Not declared yet: it will be declared with the expected arguments.</summary>
    Absent,

    /// <summary>Declared with the expected arguments.</summary>
    Protected,

    /// <summary>
    /// Declared before dead-lettering was configured, with other arguments; they cannot change in place,
    /// so it keeps them (and is reported) until <c>queues migrate</c> redeclares it.
    /// </summary>
    Legacy,
}
