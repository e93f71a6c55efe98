using System.Diagnostics.CodeAnalysis;
using MassTransit;
using Messaging.Ledger.Redemptions;

namespace Messaging.Processing.Redemptions;

/// <summary>
/// The redemption saga's instance: the persisted <see cref="RedemptionSagaRecord"/>, plus what one message's
/// steps hand to the next within the same transaction (never persisted).
/// </summary>
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

    /// <summary>Readable detail for the outcome being published.</summary>
    internal string Detail { get; set; } = "";

    /// <summary>The wallet balance after this message's ledger step.</summary>
    internal long Balance { get; set; }

    /// <summary>What the fulfilment said, for the outcome being published.</summary>
    internal string? RewardDetails { get; set; }

    /// <summary>Until when the completed redemption can be used.</summary>
    internal DateTimeOffset ExpiresAt { get; set; }
}
