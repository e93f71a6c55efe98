namespace Messaging.Ledger.Expiry;

/// <summary>
/// A lot of a wallet: the credit that opened it, what is left, when it expires (null: never), and every entry that drew on it.
/// </summary>
public sealed record ExplainedLot(
    string LotKey,
    string EntryType,
    DateTimeOffset CreditedAt,
    long Amount,
    long Remaining,
    DateTimeOffset? ExpiresAt,
    IReadOnlyList<LotDrawLine> Draws
);
