namespace Messaging.Ledger.Quotas;

public sealed record FeatureUsage(string Feature, long Uses, long Tokens, long Users);
