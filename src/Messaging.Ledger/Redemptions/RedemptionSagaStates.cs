namespace Messaging.Ledger.Redemptions;

// redemption_sagas.current_state: the names of the saga's states (MassTransit stores a state by its name). The ledger writes a request's
// first state itself; the state machine's unit tests check its states carry these names.
public static class RedemptionSagaStates
{
    public const string AwaitingReward = "AwaitingReward";
    public const string Completed = "Completed";
    public const string Failed = "Failed";
    public const string Rejected = "Rejected";
}
