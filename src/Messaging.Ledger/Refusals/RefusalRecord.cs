namespace Messaging.Ledger.Refusals;

/// <summary>
/// Recorded in the transaction that decided it (<see cref="LedgerRefusals.InsertAsync"/>). <see cref="ConsumerId"/> is the refusing
/// endpoint's inbox name; <see cref="Reason"/> is in words an operator or requester can act on.
/// </summary>
public sealed record RefusalRecord(
    Guid MessageId,
    string ConsumerId,
    string IdempotencyKey,
    string ReasonCode,
    string Reason,
    string PayloadJson
);
