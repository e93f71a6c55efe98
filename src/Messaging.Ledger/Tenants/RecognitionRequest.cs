namespace Messaging.Ledger.Tenants;

public sealed record RecognitionRequest(
    string RecognitionId,
    string TenantId,
    string GiverId,
    string ReceiverId,
    long Points,
    string Message,
    DateTimeOffset OccurredAt
);
