namespace Messaging.Contracts.Tenants;

/// <summary>
/// A recognition's points moved from the tenant's pool to the receiver's wallet. Owned and published by the points
/// processor through its outbox, once per recognition; consumed by the recognition app and notifications.
/// Exchange <c>recognition-granted</c> (fanout). JSON Schema: <c>contracts/schemas/recognition-granted.v1.json</c>.
/// </summary>
/// <param name="RecognitionId">The recognition applied.</param>
/// <param name="TenantId">The tenant whose pool paid.</param>
/// <param name="GiverId">Who gave it.</param>
/// <param name="ReceiverId">Who received it.</param>
/// <param name="Points">Points moved.</param>
/// <param name="PoolBalance">The pool's balance right after this recognition.</param>
/// <param name="ReceiverBalance">The receiver's wallet balance right after it.</param>
/// <param name="OccurredAt">When the ledger recorded it.</param>
public sealed record RecognitionGranted(
    string RecognitionId,
    string TenantId,
    string GiverId,
    string ReceiverId,
    long Points,
    long PoolBalance,
    long ReceiverBalance,
    DateTimeOffset OccurredAt
);
