using System.Collections.Concurrent;

namespace Messaging.Processing.Pipeline.Gate;

// A plain JSON message that reaches a single-contract queue without a type and through no contract's exchange (a dead letter replayed
// through the default exchange, a producer publishing straight to the queue) can only be that queue's contract.
public sealed class EndpointContracts
{
    private readonly ConcurrentDictionary<string, Type> _byQueue = new(StringComparer.Ordinal);

    public void Declare(string queue, Type contract)
    {
        if (!_byQueue.TryAdd(queue, contract) && _byQueue[queue] != contract)
        {
            throw new InvalidOperationException(
                $"Queue {queue} is declared for both {_byQueue[queue].Name} and {contract.Name}: a queue "
                    + "that carries several contracts needs the AMQP type property."
            );
        }
    }

    public Type? SoleContractOf(string queue) => _byQueue.TryGetValue(queue, out var contract) ? contract : null;
}
