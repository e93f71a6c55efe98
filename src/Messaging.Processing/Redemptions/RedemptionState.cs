using System.Diagnostics.CodeAnalysis;
using MassTransit;
using Messaging.Ledger.Redemptions;

namespace Messaging.Processing.Redemptions;

// The persisted RedemptionSagaRecord, plus what one message's steps hand to the next within the same transaction (never persisted).
public sealed class RedemptionState : RedemptionSagaRecord, SagaStateMachineInstance
{
    // The ledger's saga store creates the instance it reads a row into, and sets every member from the row.
    [SetsRequiredMembers]
    public RedemptionState()
    {
        CurrentState = "";
        UserId = "";
        RewardId = "";
        RequestHash = "";
    }

    // For the outcome being published.
    internal string Detail { get; set; } = "";

    // After this message's ledger step.
    internal long Balance { get; set; }

    // What the fulfilment said, for the outcome being published.
    internal string? RewardDetails { get; set; }

    // Until when the completed redemption can be used.
    internal DateTimeOffset ExpiresAt { get; set; }
}
