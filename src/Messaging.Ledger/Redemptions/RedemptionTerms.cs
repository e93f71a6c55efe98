namespace Messaging.Ledger.Redemptions;

/// <summary>
/// The times a batch of requests is decided with: <see cref="DecidedAt"/> (a voucher's redemption time), <see cref="DeadlineAt"/> (by when
/// an external fulfilment must answer) and <see cref="HoldExpiresAt"/> (after which the ledger voids a hold its saga left behind).
/// </summary>
public sealed record RedemptionTerms(DateTimeOffset DecidedAt, DateTimeOffset DeadlineAt, DateTimeOffset HoldExpiresAt)
{
    public static RedemptionTerms At(DateTimeOffset now, RedemptionOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        return new RedemptionTerms(now, now + options.FulfilmentTimeout, now + options.FulfilmentTimeout + options.HoldGrace);
    }
}
