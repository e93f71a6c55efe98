using MassTransit;
using MassTransit.Testing;
using Messaging.Contracts.Redemption;
using Messaging.Ledger.Redemptions;
using Messaging.Processing.Redemptions;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Messaging.UnitTests.Redemptions;

/// <summary>
/// The redemption saga on MassTransit's in-memory test harness, with an in-memory ledger and a hand-moved
/// clock. Every message is awaited until the saga consumed it; assertions then read what was published
/// and sent so far (the saga publishes and sends before its consume completes).
/// </summary>
public sealed class RedemptionStateMachineTests : IAsyncLifetime
{
    private const string User = "alice";

    // Fulfilled by an outside system: the saga waits for its answer. A voucher the processor issues itself is the other path.
    private const string Reward = "hoodie";
    private const string FulfilmentKind = "merch";
    private const string Voucher = "coffee";
    private const long Cost = 300;
    private const long StartBalance = 1000;
    private const int Stock = 5;
    private const int ValidityDays = 30;

    private static readonly DateTimeOffset StartTime = new(2025, 6, 1, 12, 0, 0, TimeSpan.Zero);
    private static readonly TimeSpan FulfilmentTimeout = TimeSpan.FromMinutes(5);
    private static readonly TimeSpan HoldGrace = TimeSpan.FromHours(1);
    private static readonly TimeSpan WaitLimit = TimeSpan.FromSeconds(10);
    private static readonly CancellationToken Snapshot = new(canceled: true);

    private readonly FakeRedemptionLedger _ledger = new();
    private readonly ManualClock _clock = new(StartTime);
    private ServiceProvider _provider = null!;
    private ITestHarness _harness = null!;
    private ISagaStateMachineTestHarness<RedemptionStateMachine, RedemptionState> _saga = null!;

    public async Task InitializeAsync()
    {
        _ledger.AddReward(Reward, Cost, stock: Stock, validityDays: ValidityDays, kind: FulfilmentKind);
        _ledger.AddReward(Voucher, Cost, stock: Stock, validityDays: ValidityDays, kind: "voucher");
        _ledger.AddWallet(User, StartBalance);

        var services = new ServiceCollection();
        services.AddSingleton<IRedemptionLedger>(_ledger);
        services.AddSingleton<TimeProvider>(_clock);
        services.AddSingleton(Options.Create(new RedemptionOptions { FulfilmentTimeout = FulfilmentTimeout, HoldGrace = HoldGrace }));
        services.AddMassTransitTestHarness(x => x.AddSagaStateMachine<RedemptionStateMachine, RedemptionState>().InMemoryRepository());

        _provider = services.BuildServiceProvider(validateScopes: true);
        _harness = _provider.GetRequiredService<ITestHarness>();
        await _harness.Start();
        _saga = _harness.GetSagaStateMachineHarness<RedemptionStateMachine, RedemptionState>();
    }

    public async Task DisposeAsync() => await _provider.DisposeAsync();

    [Fact]
    public async Task Should_hold_points_and_ask_fulfilment_when_the_request_is_accepted()
    {
        var id = NewId.NextGuid();

        await Deliver(Request(id));

        var issue = Assert.Single(_harness.Sent.Select<IssueReward>(Snapshot));
        Assert.EndsWith("fulfilment-merch", issue.Context.DestinationAddress!.AbsolutePath, StringComparison.Ordinal);
        Assert.Equal(id, issue.Context.Message.RedemptionId);
        Assert.Equal(User, issue.Context.Message.UserId);
        Assert.Equal(Reward, issue.Context.Message.RewardId);
        Assert.Equal(FulfilmentKind, issue.Context.Message.FulfilmentKind);
        Assert.Equal(Cost, issue.Context.Message.Points);
        Assert.Equal(StartTime + FulfilmentTimeout, issue.Context.Message.RespondBy);

        Assert.Equal(id, await _saga.Exists(id, m => m.AwaitingReward));
        var hold = _ledger.Holds[id];
        Assert.Equal(HoldStatus.Active, hold.Status);
        Assert.Equal(Cost, hold.Amount);
        Assert.Equal(StartTime + FulfilmentTimeout + HoldGrace, hold.ExpiresAt);
        Assert.Equal(Cost, _ledger.Wallets[User].Held);
        Assert.Equal(StartBalance, _ledger.Wallets[User].Balance);
        Assert.Equal(Stock - 1, _ledger.Rewards[Reward].Stock);
        Assert.Equal(0, OutcomesFor(id));
    }

    [Fact]
    public async Task Should_complete_and_spend_the_hold_when_the_reward_is_issued()
    {
        var id = NewId.NextGuid();
        await Deliver(Request(id));
        _clock.Advance(TimeSpan.FromMinutes(1));

        await Deliver(new RewardIssued(id, "V-123", "Show at the till", _clock.GetUtcNow()));

        var completed = Assert.Single(Published<RedemptionCompleted>(id));
        Assert.Equal(User, completed.UserId);
        Assert.Equal(Reward, completed.RewardId);
        Assert.Equal(Cost, completed.Points);
        Assert.Equal(StartBalance - Cost, completed.Balance);
        Assert.Equal("V-123", completed.VoucherCode);
        Assert.Equal("Show at the till", completed.Details);
        Assert.Equal(_clock.GetUtcNow().AddDays(ValidityDays), completed.ExpiresAt);

        Assert.Equal(id, await _saga.Exists(id, m => m.Completed));
        var saga = _saga.Sagas.Contains(id);
        Assert.Equal(Outcomes.Completed, saga.Outcome);
        Assert.Equal("V-123", saga.VoucherCode);
        Assert.Equal(HoldStatus.Captured, _ledger.Holds[id].Status);
        Assert.Equal(StartBalance - Cost, _ledger.Wallets[User].Balance);
        Assert.Equal(0, _ledger.Wallets[User].Held);
        Assert.Equal(Stock - 1, _ledger.Rewards[Reward].Stock);
        Assert.Empty(Published<RewardRevocationRequested>(id));
        Assert.Equal(1, OutcomesFor(id));
    }

    [Fact]
    public async Task Should_issue_the_voucher_and_spend_the_hold_in_the_requests_own_step_when_the_reward_is_a_voucher()
    {
        var id = NewId.NextGuid();

        await Deliver(new RedeemRequested(id, User, Voucher, StartTime, Cost));

        Assert.Empty(_harness.Sent.Select<IssueReward>(Snapshot));
        var completed = Assert.Single(Published<RedemptionCompleted>(id));
        Assert.Equal(_ledger.Vouchers[id], completed.VoucherCode);
        Assert.Equal("Voucher for reward coffee", completed.Details);
        Assert.Equal(Cost, completed.Points);
        Assert.Equal(StartBalance - Cost, completed.Balance);
        Assert.Equal(StartTime.AddDays(ValidityDays), completed.ExpiresAt);
        Assert.Equal(id, await _saga.Exists(id, m => m.Completed));
        Assert.Equal(HoldStatus.Captured, _ledger.Holds[id].Status);
        Assert.Equal(StartBalance - Cost, _ledger.Wallets[User].Balance);
        Assert.Equal(0, _ledger.Wallets[User].Held);
        Assert.Equal(Stock - 1, _ledger.Rewards[Voucher].Stock);
        Assert.Equal(1, OutcomesFor(id));

        // Asked again: the same one outcome, no second voucher, nothing spent twice.
        await Deliver(new RedeemRequested(id, User, Voucher, StartTime, Cost));
        Assert.Single(Published<RedemptionCompleted>(id));
        Assert.Single(_ledger.Vouchers);
        Assert.Equal(StartBalance - Cost, _ledger.Wallets[User].Balance);
    }

    [Theory]
    [InlineData(RejectionReasons.UnknownReward)]
    [InlineData(RejectionReasons.InactiveReward)]
    [InlineData(RejectionReasons.CostMismatch)]
    [InlineData(RejectionReasons.InsufficientPoints)]
    [InlineData(RejectionReasons.OutOfStock)]
    public async Task Should_reject_without_holding_when_the_ledger_refuses(string reason)
    {
        var id = NewId.NextGuid();
        var request = Request(id);
        switch (reason)
        {
            case RejectionReasons.UnknownReward:
                request = request with { RewardId = "no-such-reward" };
                break;
            case RejectionReasons.InactiveReward:
                _ledger.Rewards[Reward].Active = false;
                break;
            case RejectionReasons.CostMismatch:
                request = request with { ExpectedPoints = Cost - 1 };
                break;
            case RejectionReasons.InsufficientPoints:
                _ledger.AddWallet(User, balance: StartBalance, held: StartBalance - Cost + 1);
                break;
            case RejectionReasons.OutOfStock:
                _ledger.Rewards[Reward].Stock = 0;
                break;
        }

        var stockBefore = _ledger.Rewards[Reward].Stock;
        var heldBefore = _ledger.Wallets[User].Held;

        await Deliver(request);

        var rejected = Assert.Single(Published<RedemptionRejected>(id));
        Assert.Equal(reason, rejected.Reason);
        Assert.Equal(User, rejected.UserId);
        Assert.Equal(request.RewardId, rejected.RewardId);
        Assert.False(string.IsNullOrWhiteSpace(rejected.Detail));

        Assert.Equal(id, await _saga.Exists(id, m => m.Rejected));
        var saga = _saga.Sagas.Contains(id);
        Assert.Equal(Outcomes.Rejected, saga.Outcome);
        Assert.Equal(reason, saga.OutcomeReason);
        Assert.Null(saga.DeadlineAt);

        Assert.Empty(_harness.Sent.Select<IssueReward>(Snapshot));
        Assert.False(_ledger.Holds.ContainsKey(id));
        Assert.Equal(heldBefore, _ledger.Wallets[User].Held);
        Assert.Equal(StartBalance, _ledger.Wallets[User].Balance);
        Assert.Equal(stockBefore, _ledger.Rewards[Reward].Stock);
        Assert.Equal(1, OutcomesFor(id));
    }

    [Fact]
    public async Task Should_fail_and_void_the_hold_when_fulfilment_cannot_issue()
    {
        var id = NewId.NextGuid();
        await Deliver(Request(id));

        await Deliver(new RewardIssueFailed(id, "Voucher provider is down", _clock.GetUtcNow()));

        var failed = Assert.Single(Published<RedemptionFailed>(id));
        Assert.Equal(FailureReasons.FulfilmentFailed, failed.Reason);
        Assert.Equal("Voucher provider is down", failed.Detail);
        Assert.Equal(StartBalance, failed.Balance);

        Assert.Equal(id, await _saga.Exists(id, m => m.Failed));
        Assert.Equal(Outcomes.Failed, _saga.Sagas.Contains(id).Outcome);
        Assert.Equal(HoldStatus.Voided, _ledger.Holds[id].Status);
        Assert.Equal(FailureReasons.FulfilmentFailed, _ledger.Holds[id].Reason);
        Assert.Equal(0, _ledger.Wallets[User].Held);
        Assert.Equal(StartBalance, _ledger.Wallets[User].Balance);
        Assert.Equal(Stock, _ledger.Rewards[Reward].Stock);
        Assert.Empty(Published<RewardRevocationRequested>(id));
        Assert.Equal(1, OutcomesFor(id));
    }

    [Fact]
    public async Task Should_ignore_the_deadline_when_the_clock_has_not_reached_it()
    {
        var id = NewId.NextGuid();
        await Deliver(Request(id));
        _clock.Advance(FulfilmentTimeout - TimeSpan.FromSeconds(1));

        await Deliver(new RedemptionDeadlinePassed(id, StartTime + FulfilmentTimeout, _clock.GetUtcNow()));

        Assert.Equal(id, await _saga.Exists(id, m => m.AwaitingReward));
        Assert.Null(_saga.Sagas.Contains(id).Outcome);
        Assert.Equal(HoldStatus.Active, _ledger.Holds[id].Status);
        Assert.Equal(Cost, _ledger.Wallets[User].Held);
        Assert.Equal(0, OutcomesFor(id));
        Assert.Single(_saga.Consumed.Select<RedemptionDeadlinePassed>(x => x.Exception is null, Snapshot));
    }

    [Fact]
    public async Task Should_fail_with_fulfilment_timeout_when_the_deadline_passed()
    {
        var id = NewId.NextGuid();
        await Deliver(Request(id));
        _clock.Advance(FulfilmentTimeout);

        await Deliver(new RedemptionDeadlinePassed(id, StartTime + FulfilmentTimeout, _clock.GetUtcNow()));

        var failed = Assert.Single(Published<RedemptionFailed>(id));
        Assert.Equal(FailureReasons.FulfilmentTimeout, failed.Reason);
        Assert.Equal(StartBalance, failed.Balance);
        Assert.Equal(id, await _saga.Exists(id, m => m.Failed));
        Assert.Equal(HoldStatus.Voided, _ledger.Holds[id].Status);
        Assert.Equal(FailureReasons.FulfilmentTimeout, _ledger.Holds[id].Reason);
        Assert.Equal(0, _ledger.Wallets[User].Held);
        Assert.Equal(StartBalance, _ledger.Wallets[User].Balance);
        Assert.Equal(Stock, _ledger.Rewards[Reward].Stock);
        Assert.Equal(1, OutcomesFor(id));
    }

    [Fact]
    public async Task Should_request_one_revocation_and_not_charge_when_the_reward_is_issued_after_the_timeout()
    {
        var id = NewId.NextGuid();
        await Deliver(Request(id));
        _clock.Advance(FulfilmentTimeout + TimeSpan.FromSeconds(1));
        await Deliver(new RedemptionDeadlinePassed(id, StartTime + FulfilmentTimeout, _clock.GetUtcNow()));

        await Deliver(new RewardIssued(id, "V-LATE", null, _clock.GetUtcNow()));

        var revocation = Assert.Single(Published<RewardRevocationRequested>(id));
        Assert.Equal(Reward, revocation.RewardId);
        Assert.Equal("V-LATE", revocation.VoucherCode);
        Assert.Equal(FailureReasons.FulfilmentTimeout, revocation.Reason);
        Assert.NotNull(_saga.Sagas.Contains(id).RevocationRequestedAt);

        await Deliver(new RewardIssued(id, "V-LATE", null, _clock.GetUtcNow()));

        Assert.Single(Published<RewardRevocationRequested>(id));
        Assert.Empty(Published<RedemptionCompleted>(id));
        Assert.Equal(id, await _saga.Exists(id, m => m.Failed));
        Assert.Equal(HoldStatus.Voided, _ledger.Holds[id].Status);
        Assert.Equal(StartBalance, _ledger.Wallets[User].Balance);
        Assert.Equal(0, _ledger.Wallets[User].Held);
        Assert.Equal(1, OutcomesFor(id));
    }

    [Fact]
    public async Task Should_fail_with_hold_expired_and_request_revocation_when_the_ledger_already_voided_the_hold()
    {
        var id = NewId.NextGuid();
        await Deliver(Request(id));
        _ledger.ExpireHold(id);

        await Deliver(new RewardIssued(id, "V-999", null, _clock.GetUtcNow()));

        var failed = Assert.Single(Published<RedemptionFailed>(id));
        Assert.Equal(FailureReasons.HoldExpired, failed.Reason);
        Assert.Equal(StartBalance, failed.Balance);
        var revocation = Assert.Single(Published<RewardRevocationRequested>(id));
        Assert.Equal("V-999", revocation.VoucherCode);
        Assert.Equal(FailureReasons.HoldExpired, revocation.Reason);
        Assert.Empty(Published<RedemptionCompleted>(id));

        Assert.Equal(id, await _saga.Exists(id, m => m.Failed));
        var saga = _saga.Sagas.Contains(id);
        Assert.Equal(FailureReasons.HoldExpired, saga.OutcomeReason);
        Assert.NotNull(saga.RevocationRequestedAt);
        Assert.Equal(StartBalance, _ledger.Wallets[User].Balance);
        Assert.Equal(0, _ledger.Wallets[User].Held);
        Assert.Equal(Stock, _ledger.Rewards[Reward].Stock);

        await Deliver(new RewardIssued(id, "V-999", null, _clock.GetUtcNow()));

        Assert.Single(Published<RewardRevocationRequested>(id));
        Assert.Equal(1, OutcomesFor(id));
    }

    [Fact]
    public async Task Should_change_nothing_when_a_completed_request_is_repeated()
    {
        var id = NewId.NextGuid();
        var request = Request(id);
        await Deliver(request);
        await Deliver(new RewardIssued(id, "V-123", null, _clock.GetUtcNow()));

        await Deliver(request);

        Assert.Single(_harness.Sent.Select<IssueReward>(Snapshot));
        Assert.Single(Published<RedemptionCompleted>(id));
        Assert.Equal(1, OutcomesFor(id));
        Assert.Equal(id, await _saga.Exists(id, m => m.Completed));
        Assert.Equal(StartBalance - Cost, _ledger.Wallets[User].Balance);
        Assert.Equal(0, _ledger.Wallets[User].Held);
        Assert.Equal(Stock - 1, _ledger.Rewards[Reward].Stock);
        Assert.Empty(_harness.Published.Select<Fault<RedeemRequested>>(Snapshot));
    }

    [Fact]
    public async Task Should_change_nothing_when_a_request_awaiting_its_reward_is_repeated()
    {
        var id = NewId.NextGuid();
        var request = Request(id);
        await Deliver(request);

        await Deliver(request);

        Assert.Single(_harness.Sent.Select<IssueReward>(Snapshot));
        Assert.Equal(0, OutcomesFor(id));
        Assert.Equal(id, await _saga.Exists(id, m => m.AwaitingReward));
        Assert.Equal(Cost, _ledger.Wallets[User].Held);
        Assert.Equal(Stock - 1, _ledger.Rewards[Reward].Stock);

        await Deliver(new RewardIssued(id, "V-123", null, _clock.GetUtcNow()));

        Assert.Single(Published<RedemptionCompleted>(id));
        Assert.Equal(1, OutcomesFor(id));
    }

    [Fact]
    public async Task Should_change_nothing_when_a_rejected_request_is_repeated()
    {
        var id = NewId.NextGuid();
        var request = Request(id) with { RewardId = "no-such-reward" };
        await Deliver(request);

        await Deliver(request);

        Assert.Single(Published<RedemptionRejected>(id));
        Assert.Equal(1, OutcomesFor(id));
        Assert.Equal(id, await _saga.Exists(id, m => m.Rejected));
        Assert.Empty(_harness.Published.Select<Fault<RedeemRequested>>(Snapshot));
    }

    [Fact]
    public async Task Should_fault_when_the_same_redemption_id_comes_with_other_content()
    {
        var id = NewId.NextGuid();
        await Deliver(Request(id));
        await Deliver(new RewardIssued(id, "V-123", null, _clock.GetUtcNow()));
        _ledger.AddReward("tea", Cost);

        await Deliver(Request(id) with { RewardId = "tea" }, expectFault: true);

        Assert.True(
            await Eventually(() =>
                _harness.Published.Select<Fault<RedeemRequested>>(x => x.Context.Message.Message.RedemptionId == id, Snapshot).Any()
            ),
            "no Fault<RedeemRequested> was published"
        );
        var fault = _harness.Published.Select<Fault<RedeemRequested>>(Snapshot).Single().Context.Message;
        Assert.Contains(fault.Exceptions, e => e.Message.Contains("other content", StringComparison.Ordinal));

        Assert.Single(_harness.Sent.Select<IssueReward>(Snapshot));
        Assert.Single(Published<RedemptionCompleted>(id));
        Assert.Equal(1, OutcomesFor(id));
        Assert.Equal(id, await _saga.Exists(id, m => m.Completed));
        Assert.Equal(Reward, _saga.Sagas.Contains(id).RewardId);
        Assert.Equal(StartBalance - Cost, _ledger.Wallets[User].Balance);
        Assert.Equal(0, _ledger.Wallets[User].Held);
    }

    private static RedeemRequested Request(Guid id) => new(id, User, Reward, StartTime, Cost);

    /// <summary>Publishes the message and waits until the saga has consumed it (successfully unless a fault is expected).</summary>
    private async Task Deliver<T>(T message, bool expectFault = false)
        where T : class
    {
        var messageId = NewId.NextGuid();
        await _harness.Bus.Publish(message, context => context.MessageId = messageId);

        var consumed = await Eventually(() => _saga.Consumed.Select<T>(x => x.Context.MessageId == messageId, Snapshot).Any());
        Assert.True(consumed, $"the saga did not consume {typeof(T).Name} within {WaitLimit}");

        var faulted = _saga.Consumed.Select<T>(x => x.Context.MessageId == messageId && x.Exception is not null, Snapshot).Any();
        Assert.Equal(expectFault, faulted);
    }

    private List<T> Published<T>(Guid redemptionId)
        where T : class
    {
        return _harness.Published.Select<T>(Snapshot).Select(x => x.Context.Message).Where(m => RedemptionIdOf(m) == redemptionId).ToList();
    }

    private static Guid RedemptionIdOf(object message) =>
        message switch
        {
            RedemptionCompleted m => m.RedemptionId,
            RedemptionFailed m => m.RedemptionId,
            RedemptionRejected m => m.RedemptionId,
            RewardRevocationRequested m => m.RedemptionId,
            _ => throw new ArgumentOutOfRangeException(nameof(message), message.GetType().Name, "not a redemption outcome"),
        };

    /// <summary>Final outcomes published for the redemption; exactly one once it has finished.</summary>
    private int OutcomesFor(Guid redemptionId) =>
        Published<RedemptionCompleted>(redemptionId).Count
        + Published<RedemptionFailed>(redemptionId).Count
        + Published<RedemptionRejected>(redemptionId).Count;

    private static async Task<bool> Eventually(Func<bool> condition)
    {
        var giveUpAt = DateTime.UtcNow + WaitLimit;
        while (!condition())
        {
            if (DateTime.UtcNow > giveUpAt)
            {
                return false;
            }

            await Task.Delay(10);
        }

        return true;
    }
}
