namespace Messaging.Ledger.Quotas;

/// <summary>One feature's usage in a month: how many uses, how many tokens, by how many users.</summary>
public sealed record FeatureUsage(string Feature, long Uses, long Tokens, long Users);
