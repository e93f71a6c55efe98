namespace Messaging.Ledger.Tenants;

/// <summary>A colleague's request to give another points from their tenant's pool.</summary>
public sealed record RecognitionRequest(
    string RecognitionId,
    string TenantId,
    string GiverId,
    string ReceiverId,
    long Points,
    string Message,
    DateTimeOffset OccurredAt
);
