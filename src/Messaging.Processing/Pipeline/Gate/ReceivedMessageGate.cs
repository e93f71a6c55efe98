using MassTransit;
using Messaging.Contracts.Gate;

namespace Messaging.Processing.Pipeline.Gate;

// Runs as part of deserialization (GatedDeserializer), so a refusal is dead-lettered before any consumer and no retry is spent on it.
public sealed class ReceivedMessageGate(ContractGate gate, EndpointContracts endpoints)
{
    /// <summary>Against the contract its type property, its exchange or its queue names.</summary>
    public void CheckPlainJson(ReceiveContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        gate.CheckPlainJson(IncomingContract.OfPlainJson(context, endpoints), context.Body.GetBytes());
    }

    /// <summary>The envelope must name only contracts its exchange carries.</summary>
    public void CheckEnvelope(ReceiveContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        gate.CheckEnvelope(context.Body.GetBytes(), contract => IncomingContract.RequireCarriedBy(contract, context));
    }

    public string Describe(ReceiveContext context) => IncomingContract.DescribePlainJson(context, endpoints);
}
