using MassTransit;
using Messaging.Contracts.Gate;

namespace Messaging.Processing.Pipeline.Gate;

/// <summary>
/// The contract gate on the receive side: tells each received message's contract (<see cref="IncomingContract"/>) and
/// runs the contracts' <see cref="ContractGate"/> on its body. Runs as part of deserialization
/// (<see cref="GatedDeserializer"/>), so a refusal is dead-lettered before any consumer and no retry is spent on it.
/// </summary>
public sealed class ReceivedMessageGate(ContractGate gate, EndpointContracts endpoints)
{
    /// <summary>Checks a plain JSON message against the contract its type property, its exchange or its queue names.</summary>
    public void CheckPlainJson(ReceiveContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        gate.CheckPlainJson(IncomingContract.OfPlainJson(context, endpoints), context.Body.GetBytes());
    }

    /// <summary>Checks the message inside a MassTransit envelope, which must name only contracts its exchange carries.</summary>
    public void CheckEnvelope(ReceiveContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        gate.CheckEnvelope(context.Body.GetBytes(), contract => IncomingContract.RequireCarriedBy(contract, context));
    }

    /// <summary>Names the contract of a plain JSON message for a refusal's first words, when it can be told.</summary>
    public string Describe(ReceiveContext context) => IncomingContract.DescribePlainJson(context, endpoints);
}
