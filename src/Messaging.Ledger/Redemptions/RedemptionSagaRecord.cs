namespace Messaging.Ledger.Redemptions;

// The persisted state of one redemption request (redemption_sagas). The saga itself lives in Messaging.Processing and derives from this,
// so the ledger stays free of the bus. Rows are kept after the final outcome: a repeated request must find its answer, not start again.
public class RedemptionSagaRecord
{
    public Guid CorrelationId { get; set; }
    public required string CurrentState { get; set; }

    /// <summary>Optimistic concurrency: an update must name the version it read.</summary>
    public int Version { get; set; }

    public required string UserId { get; set; }
    public required string RewardId { get; set; }
    public string? RewardName { get; set; }
    public string? FulfilmentKind { get; set; }
    public long Points { get; set; }
    public int ValidityDays { get; set; }
    public DateTimeOffset RequestedAt { get; set; }

    /// <summary>The same redemption id with other content is a conflict.</summary>
    public required string RequestHash { get; set; }

    /// <summary>When fulfilment must have answered; swept from the database (the broker has no delayed messages).</summary>
    public DateTimeOffset? DeadlineAt { get; set; }

    /// <summary>Set by the deadline sweeper (never by the saga) once it has signalled the deadline.</summary>
    public DateTimeOffset? DeadlineSignalledAt { get; set; }

    /// <summary>A unit of stock was reserved with the hold, to give back if the redemption fails.</summary>
    public bool StockReserved { get; set; }

    public string? Outcome { get; set; }
    public string? OutcomeReason { get; set; }
    public string? VoucherCode { get; set; }
    public DateTimeOffset? RevocationRequestedAt { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset UpdatedAt { get; set; }
}
