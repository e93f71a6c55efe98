namespace Messaging.Ledger.Refusals;

// A message refused for a business reason (such as an idempotency key reused with a different payload), kept so that operators can see
// it beside the error queue.
public sealed class LedgerRefusal
{
    public long Id { get; set; }
    public Guid? MessageId { get; set; }
    public required string ConsumerId { get; set; }
    public required string IdempotencyKey { get; set; }
    public required string ReasonCode { get; set; }
    public required string Reason { get; set; }
    public required string Payload { get; set; }
    public DateTimeOffset RefusedAt { get; set; }
}
