namespace Messaging.Contracts.Tenants;

/// <summary>
/// A colleague recognises another with points from their tenant's pool. Owned and published by the recognition app;
/// consumed by the points processor, which moves the points from the pool to the receiver's wallet once per
/// <see cref="RecognitionId"/>, or refuses with <see cref="RecognitionRejected"/> (pool short, giver's monthly allowance
/// used up, self-recognition). Exchange <c>grant-recognition</c> (fanout). JSON Schema: <c>contracts/schemas/grant-recognition.v1.json</c>.
/// </summary>
/// <param name="RecognitionId">The recognition's business id; the ledger's idempotency key is <c>recognition:{RecognitionId}</c>.</param>
/// <param name="TenantId">The tenant whose pool pays for it (a registered tenant).</param>
/// <param name="GiverId">Who gives the recognition; their monthly allowance, if the tenant sets one, is drawn on.</param>
/// <param name="ReceiverId">Whose wallet receives the points.</param>
/// <param name="Points">Points granted: at least 1.</param>
/// <param name="Message">What the giver wrote; kept on the entry.</param>
/// <param name="OccurredAt">When the recognition was given: its calendar month (in the tenant's time zone) is the allowance month.</param>
public sealed record GrantRecognition(
    string RecognitionId,
    string TenantId,
    string GiverId,
    string ReceiverId,
    long Points,
    string Message,
    DateTimeOffset OccurredAt
);
