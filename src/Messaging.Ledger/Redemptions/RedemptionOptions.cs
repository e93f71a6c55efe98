using System.ComponentModel.DataAnnotations;
using Messaging.Ledger.Rewards;

namespace Messaging.Ledger.Redemptions;

public sealed class RedemptionOptions
{
    public const string Section = "Redemptions";

    /// <summary>How long fulfilment has to answer IssueReward before the hold is voided and the redemption fails.</summary>
    [Range(
        typeof(TimeSpan),
        "00:00:01",
        "7.00:00:00",
        ErrorMessage = "Redemptions:FulfilmentTimeout must be between 00:00:01 and 7.00:00:00."
    )]
    public TimeSpan FulfilmentTimeout { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>
    /// How long after the fulfilment deadline the ledger itself voids a hold that is still active (its saga lost), so points are never
    /// stranded.
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:01", "30.00:00:00", ErrorMessage = "Redemptions:HoldGrace must be between 00:00:01 and 30.00:00:00.")]
    public TimeSpan HoldGrace { get; set; } = TimeSpan.FromHours(1);

    /// <summary>For deadlines, expired holds and expired redemptions.</summary>
    [Range(
        typeof(TimeSpan),
        "00:00:00.100",
        "01:00:00",
        ErrorMessage = "Redemptions:SweepInterval must be between 00:00:00.100 and 01:00:00."
    )]
    public TimeSpan SweepInterval { get; set; } = TimeSpan.FromSeconds(5);

    // The reward was issued (a voucher exists), so its points were spent, as with an expired gift card.
    /// <summary>Off by default.</summary>
    public bool RefundExpiredUnused { get; set; }

    /// <summary>
    /// For the saga's messages and on the voucher fulfilment and mark-used queues; each message holds a database connection while it
    /// runs, so keep their sum well below the connection pool's size. (RedeemRequested is decided in the group commit.)
    /// </summary>
    [Range(1, 256, ErrorMessage = "Redemptions:ConcurrentMessageLimit must be between 1 and 256.")]
    public int ConcurrentMessageLimit { get; set; } = 16;

    /// <summary>Added at start-up when their id is not in the catalog yet; the database is the catalog after that.</summary>
    public List<RewardSeed> Catalog { get; set; } = [];
}
