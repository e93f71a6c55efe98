using System.ComponentModel.DataAnnotations;
using Messaging.Ledger.Rewards;

namespace Messaging.Ledger.Redemptions;

/// <summary>Settings under <c>Redemptions</c>: deadlines, sweeps, the expiry policy and the catalog seed.</summary>
public sealed class RedemptionOptions
{
    public const string Section = "Redemptions";

    /// <summary>How long fulfilment has to answer <c>IssueReward</c> before the hold is voided and the redemption fails.</summary>
    [Range(
        typeof(TimeSpan),
        "00:00:01",
        "7.00:00:00",
        ErrorMessage = "Redemptions:FulfilmentTimeout must be between 00:00:01 and 7.00:00:00."
    )]
    public TimeSpan FulfilmentTimeout { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>
    /// How long after the fulfilment deadline the ledger itself voids a hold that is still active (its saga
    /// lost), so points are never stranded.
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:01", "30.00:00:00", ErrorMessage = "Redemptions:HoldGrace must be between 00:00:01 and 30.00:00:00.")]
    public TimeSpan HoldGrace { get; set; } = TimeSpan.FromHours(1);

    /// <summary>How often deadlines, expired holds and expired redemptions are swept.</summary>
    [Range(
        typeof(TimeSpan),
        "00:00:00.100",
        "01:00:00",
        ErrorMessage = "Redemptions:SweepInterval must be between 00:00:00.100 and 01:00:00."
    )]
    public TimeSpan SweepInterval { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>
    /// Whether a completed redemption that expires unused gives its points back. Off by default: the reward
    /// was issued (a voucher exists), so its points were spent, as with an expired gift card.
    /// </summary>
    public bool RefundExpiredUnused { get; set; }

    /// <summary>
    /// Messages in flight at once on each redemption queue (saga, voucher fulfilment, mark used); each holds
    /// a database connection while it runs, so keep their sum well below the connection pool's size.
    /// </summary>
    [Range(1, 256, ErrorMessage = "Redemptions:ConcurrentMessageLimit must be between 1 and 256.")]
    public int ConcurrentMessageLimit { get; set; } = 16;

    /// <summary>Rewards added to the catalog at start-up when their id is not there yet; the database is the catalog after that.</summary>
    public List<RewardSeed> Catalog { get; set; } = [];
}
