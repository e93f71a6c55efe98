using System.Text.Json;

namespace Messaging.Contracts.Quotas;

/// <summary>
/// A product asks to deduct tokens from a user's monthly quota for one use of a feature (seed 004). Owned and published by the products
/// that meter usage; consumed by the points processor, which deducts once per <see cref="UsageId"/> from the quota of the month it is
/// processed in and answers <see cref="TokensDeducted"/> or <see cref="TokensDeductRejected"/>. Exchange <c>tokens-deduct-requested</c>
/// (fanout). JSON Schema: <c>contracts/schemas/tokens-deduct-requested.v1.json</c>.
/// </summary>
/// <param name="UsageId">The use's business id; the ledger's idempotency key is <c>usage:{UsageId}</c>. Sent again, it gets the same
/// answer.</param> <param name="UserId">Whose quota pays.</param> <param name="Feature">What was used (for example
/// <c>literature_search</c>); usage reports group by it.</param> <param name="Amount">Tokens to deduct: at least 1.</param> <param
/// name="Context">Anything the product wants kept with the use (a JSON object), or null.</param> <param name="OccurredAt">When the feature
/// was used.</param>
public sealed record TokensDeductRequested(
    string UsageId,
    string UserId,
    string Feature,
    long Amount,
    JsonElement? Context,
    DateTimeOffset OccurredAt
);
