using Messaging.Operations.Broker;

namespace Messaging.Operations.DeadLetters;

/// <summary><see cref="Failure"/>: why it stopped early, when it did; the rest stay in their dead-letter queue.</summary>
public sealed record ReplayResult(IReadOnlyList<ReplayRoute> Replayed, int Count, BrokerProblemException? Failure);
