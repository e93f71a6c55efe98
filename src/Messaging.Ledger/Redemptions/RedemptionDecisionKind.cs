namespace Messaging.Ledger.Redemptions;

public enum RedemptionDecisionKind
{
    /// <summary>The same request again: it has (or will have) its one outcome already; nothing changes.</summary>
    Repeated,

    /// <summary>The same redemption id with other content: refused as a message (to the error queue).</summary>
    Conflict,

    /// <summary>The catalog or the wallet said no: nothing held, answered with RedemptionRejected.</summary>
    Rejected,

    /// <summary>Points held; the reward's external fulfilment is asked (IssueReward) and the saga waits for its answer.</summary>
    AwaitingReward,

    /// <summary>A voucher: held, issued and spent in the request's own transaction, answered with RedemptionCompleted.</summary>
    Completed,
}
