namespace Messaging.Ledger.Expiry;

/// <summary>A lot that still holds points and expires: what expires when, and which entry credited it.</summary>
public sealed record ExpiringLot(
    string UserId,
    string LotKey,
    string EntryType,
    long Amount,
    long Remaining,
    DateTimeOffset CreditedAt,
    DateTimeOffset ExpiresAt
);
