using MassTransit;
using Messaging.Ledger.Redemptions;
using Messaging.Processing.Redemptions;

namespace Messaging.UnitTests.Redemptions;

/// <summary>
/// An in-memory <see cref="IRedemptionLedger"/> with the same rule order as <c>RedemptionLedger</c>:
/// unknown_reward, inactive_reward, cost_mismatch, insufficient_points, out_of_stock.
/// </summary>
internal sealed class FakeRedemptionLedger : IRedemptionLedger
{
    private readonly Lock _gate = new();

    public Dictionary<string, FakeReward> Rewards { get; } = new(StringComparer.Ordinal);

    public Dictionary<string, FakeWallet> Wallets { get; } = new(StringComparer.Ordinal);

    public Dictionary<Guid, FakeHold> Holds { get; } = [];

    /// <summary>Voucher codes issued, by redemption.</summary>
    public Dictionary<Guid, string> Vouchers { get; } = [];

    public void AddReward(string id, long cost, int? stock = null, bool active = true, string kind = "voucher", int validityDays = 30)
    {
        lock (_gate)
        {
            Rewards[id] = new FakeReward
            {
                Name = $"Reward {id}",
                Cost = cost,
                Active = active,
                Stock = stock,
                Kind = kind,
                ValidityDays = validityDays,
            };
        }
    }

    public void AddWallet(string userId, long balance, long held = 0)
    {
        lock (_gate)
        {
            Wallets[userId] = new FakeWallet { Balance = balance, Held = held };
        }
    }

    /// <summary>What the ledger's expiry sweeper does to a hold that outlived its saga.</summary>
    public void ExpireHold(Guid redemptionId)
    {
        lock (_gate)
        {
            var hold = Holds[redemptionId];
            if (hold.Status == HoldStatus.Active)
            {
                Wallets[hold.UserId].Held -= hold.Amount;
                hold.Status = HoldStatus.Voided;
                hold.Reason = "expired";
            }
        }
    }

    public Task<ReservationOutcome> ReserveAsync(
        ConsumeContext context,
        RedemptionState redemption,
        long? expectedPoints,
        DateTimeOffset holdExpiresAt
    )
    {
        ArgumentNullException.ThrowIfNull(redemption);
        lock (_gate)
        {
            if (!Rewards.TryGetValue(redemption.RewardId, out var reward))
            {
                return Task.FromResult(Rejected(RejectionReasons.UnknownReward, $"There is no reward '{redemption.RewardId}'."));
            }

            redemption.RewardName = reward.Name;
            redemption.ValidityDays = reward.ValidityDays;
            redemption.FulfilmentKind = reward.Kind;
            redemption.Points = reward.Cost;

            if (!reward.Active)
            {
                return Task.FromResult(Rejected(RejectionReasons.InactiveReward, "inactive"));
            }

            if (expectedPoints is { } expected && expected != reward.Cost)
            {
                return Task.FromResult(Rejected(RejectionReasons.CostMismatch, "cost differs"));
            }

            var wallet = Wallets.GetValueOrDefault(redemption.UserId);
            var balance = wallet?.Balance ?? 0;
            var available = balance - (wallet?.Held ?? 0);
            redemption.Balance = balance;
            if (available < reward.Cost)
            {
                return Task.FromResult(Rejected(RejectionReasons.InsufficientPoints, $"{available} available"));
            }

            if (reward.Stock is not null)
            {
                if (reward.Stock <= 0)
                {
                    return Task.FromResult(Rejected(RejectionReasons.OutOfStock, "out of stock"));
                }

                reward.Stock--;
                redemption.StockReserved = true;
            }

            if (
                !Holds.TryAdd(
                    redemption.CorrelationId,
                    new FakeHold
                    {
                        UserId = redemption.UserId,
                        Amount = reward.Cost,
                        ExpiresAt = holdExpiresAt,
                    }
                )
            )
            {
                throw new InvalidOperationException($"The hold for redemption {redemption.CorrelationId} was placed twice.");
            }

            wallet!.Held += reward.Cost;
            return Task.FromResult(Held($"{reward.Cost} points held"));
        }
    }

    public Task<string> IssueVoucherAsync(ConsumeContext context, RedemptionState redemption)
    {
        ArgumentNullException.ThrowIfNull(redemption);
        lock (_gate)
        {
            if (!Vouchers.TryGetValue(redemption.CorrelationId, out var code))
            {
                Vouchers[redemption.CorrelationId] = code = $"V-{Vouchers.Count + 1}";
            }

            return Task.FromResult(code);
        }
    }

    public Task<bool> CaptureAsync(ConsumeContext context, RedemptionState redemption, DateTimeOffset redeemedAt)
    {
        ArgumentNullException.ThrowIfNull(redemption);
        lock (_gate)
        {
            if (!Holds.TryGetValue(redemption.CorrelationId, out var hold) || hold.Status != HoldStatus.Active)
            {
                return Task.FromResult(false);
            }

            var wallet = Wallets[hold.UserId];
            wallet.Held -= hold.Amount;
            wallet.Balance -= hold.Amount;
            hold.Status = HoldStatus.Captured;
            hold.Reason = "redeemed";
            redemption.ExpiresAt = redeemedAt.AddDays(redemption.ValidityDays);
            redemption.Balance = wallet.Balance;
            return Task.FromResult(true);
        }
    }

    public Task VoidAsync(ConsumeContext context, RedemptionState redemption, string reason)
    {
        ArgumentNullException.ThrowIfNull(redemption);
        lock (_gate)
        {
            if (Holds.TryGetValue(redemption.CorrelationId, out var hold) && hold.Status == HoldStatus.Active)
            {
                Wallets[hold.UserId].Held -= hold.Amount;
                hold.Status = HoldStatus.Voided;
                hold.Reason = reason;
            }

            if (redemption.StockReserved)
            {
                if (Rewards.TryGetValue(redemption.RewardId, out var reward) && reward.Stock is not null)
                {
                    reward.Stock++;
                }

                redemption.StockReserved = false;
            }

            redemption.Balance = Wallets.GetValueOrDefault(redemption.UserId)?.Balance ?? 0;
            return Task.CompletedTask;
        }
    }

    // What the saga reads of a reservation: whether it was held, and why not.
    private static ReservationOutcome Held(string detail) => new(null, detail, null, 0, 0, null, 0, false);

    private static ReservationOutcome Rejected(string reason, string detail) => new(reason, detail, null, 0, 0, null, 0, false);
}

internal sealed class FakeReward
{
    public required string Name { get; init; }
    public long Cost { get; set; }
    public bool Active { get; set; }
    public int? Stock { get; set; }
    public required string Kind { get; init; }
    public int ValidityDays { get; set; }
}

internal sealed class FakeWallet
{
    public long Balance { get; set; }
    public long Held { get; set; }
}

internal enum HoldStatus
{
    Active,
    Captured,
    Voided,
}

internal sealed class FakeHold
{
    public required string UserId { get; init; }
    public long Amount { get; init; }
    public DateTimeOffset ExpiresAt { get; init; }
    public HoldStatus Status { get; set; }
    public string? Reason { get; set; }
}
