using MassTransit;
using Messaging.Ledger.Redemptions;
using Messaging.Processing.Redemptions;

namespace Messaging.UnitTests.Redemptions;

/// <summary>An in-memory <see cref="IRedemptionLedger"/>: holds, wallets and stock, as the saga's steps move them.</summary>
internal sealed class FakeRedemptionLedger : IRedemptionLedger
{
    private readonly Lock _gate = new();

    public Dictionary<string, FakeReward> Rewards { get; } = new(StringComparer.Ordinal);

    public Dictionary<string, FakeWallet> Wallets { get; } = new(StringComparer.Ordinal);

    public Dictionary<Guid, FakeHold> Holds { get; } = [];

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

    /// <summary>
    /// What the group commit leaves for an accepted request of an external reward: one unit of stock taken, the hold placed, and the
    /// saga waiting for its reward (returned, to be put in the saga repository).
    /// </summary>
    public RedemptionState PlaceHold(
        Guid redemptionId,
        string userId,
        string rewardId,
        DateTimeOffset deadlineAt,
        DateTimeOffset holdExpiresAt
    )
    {
        lock (_gate)
        {
            var reward = Rewards[rewardId];
            if (reward.Stock is not null)
            {
                reward.Stock--;
            }

            Holds.Add(
                redemptionId,
                new FakeHold
                {
                    UserId = userId,
                    Amount = reward.Cost,
                    ExpiresAt = holdExpiresAt,
                }
            );
            Wallets[userId].Held += reward.Cost;
            return new RedemptionState
            {
                CorrelationId = redemptionId,
                CurrentState = RedemptionSagaStates.AwaitingReward,
                UserId = userId,
                RewardId = rewardId,
                RewardName = reward.Name,
                FulfilmentKind = reward.Kind,
                Points = reward.Cost,
                ValidityDays = reward.ValidityDays,
                RequestHash = "hash",
                DeadlineAt = deadlineAt,
                StockReserved = reward.Stock is not null,
            };
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
