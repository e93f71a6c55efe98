namespace Messaging.Ledger.Refusals;

/// <summary>A refusal to record in <c>ledger_refusals</c>, in the transaction that decided it (<see
/// cref="LedgerRefusals.InsertAsync"/>).</summary> <param name="MessageId">The refused message.</param> <param name="ConsumerId">The
/// endpoint that refused it (its inbox name).</param> <param name="IdempotencyKey">The key of the entry it asked for.</param> <param
/// name="ReasonCode">Such as <c>idempotency_conflict</c>, <c>issuance_cap</c>, <c>insufficient_allocation</c>.</param> <param
/// name="Reason">Why, in words an operator or requester can act on.</param> <param name="PayloadJson">The message as JSON.</param>
public sealed record RefusalRecord(
    Guid MessageId,
    string ConsumerId,
    string IdempotencyKey,
    string ReasonCode,
    string Reason,
    string PayloadJson
);
