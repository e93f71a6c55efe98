namespace Messaging.Ledger.Expiry;

/// <summary>One entry that took points from a lot: a spend, a capture, a reversal or an expiry.</summary>
public sealed record LotDrawLine(string EntryKey, string EntryType, DateTimeOffset RecordedAt, long Points);
