namespace Messaging.Contracts.Tenants;

/// <summary>
/// A valid recognition the rules refused; nothing changed. Owned and published by the points processor through its outbox; consumed by the
/// recognition app, which tells the giver why. Exchange <c>recognition-rejected</c> (fanout). JSON Schema:
/// <c>contracts/schemas/recognition-rejected.v1.json</c>.
/// </summary>
/// <param name="RecognitionId">The recognition refused. No entry was written under its id: sent again later (after a top-up, in a new
/// month) it is decided again.</param> <param name="TenantId">The tenant it was for.</param> <param name="GiverId">Who tried to give
/// it.</param> <param name="ReceiverId">Who would have received it.</param> <param name="Points">Points asked for.</param>
/// <param name="Reason">
/// <c>insufficient_allocation</c> (the pool holds less), <c>allowance_exceeded</c> (the giver's monthly allowance has less left), or
/// <c>self_recognition</c> (giver and receiver are the same person).
/// </param>
/// <param name="Details">The reason in words, with the figures (what the pool or the allowance has left).</param> <param
/// name="OccurredAt">When the ledger decided it.</param>
public sealed record RecognitionRejected(
    string RecognitionId,
    string TenantId,
    string GiverId,
    string ReceiverId,
    long Points,
    string Reason,
    string Details,
    DateTimeOffset OccurredAt
);
