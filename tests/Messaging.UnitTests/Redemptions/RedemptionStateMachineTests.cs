using MassTransit;
using MassTransit.Saga;
using MassTransit.Testing;
using Messaging.Contracts.Redemption;
using Messaging.Ledger.Redemptions;
using Messaging.Processing.Redemptions;
using Microsoft.Extensions.DependencyInjection;

namespace Messaging.UnitTests.Redemptions;

/// <summary>
/// The redemption saga on MassTransit's in-memory test harness, with an in-memory ledger and a hand-moved
/// clock. Every message is awaited until the saga consumed it; assertions then read what was published
/// and sent so far (the saga publishes and sends before its consume completes).
/// </summary>
public sealed class RedemptionStateMachineTests : IAsyncLifetime
{
    private const string User = "alice";

    // Fulfilled by an outside system: the saga waits for its answer. (A voucher completes in the group commit, without the saga.)
    private const string Reward = "hoodie";
    private const string FulfilmentKind = "merch";
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
        _ledger.AddWallet(User, StartBalance);

        var services = new ServiceCollection();
        services.AddSingleton<IRedemptionLedger>(_ledger);
        services.AddSingleton<TimeProvider>(_clock);
        services.AddMassTransitTestHarness(x => x.AddSagaStateMachine<RedemptionStateMachine, RedemptionState>().InMemoryRepository());

        _provider = services.BuildServiceProvider(validateScopes: true);
        _harness = _provider.GetRequiredService<ITestHarness>();
        await _harness.Start();
        _saga = _harness.GetSagaStateMachineHarness<RedemptionStateMachine, RedemptionState>();
    }

    public async Task DisposeAsync() => await _provider.DisposeAsync();

    [Fact]
    public async Task Should_complete_and_spend_the_hold_when_the_reward_is_issued()
    {
        var id = NewId.NextGuid();
        await StartAwaitingReward(id);
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
    public async Task Should_fail_and_void_the_hold_when_fulfilment_cannot_issue()
    {
        var id = NewId.NextGuid();
        await StartAwaitingReward(id);

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
        await StartAwaitingReward(id);
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
        await StartAwaitingReward(id);
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
        await StartAwaitingReward(id);
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
        await StartAwaitingReward(id);
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
    public void Should_name_its_states_as_the_ledger_writes_a_requests_first_state()
    {
        var machine = new RedemptionStateMachine(_ledger, _clock);

        Assert.Equal(RedemptionSagaStates.AwaitingReward, machine.AwaitingReward.Name);
        Assert.Equal(RedemptionSagaStates.Completed, machine.Completed.Name);
        Assert.Equal(RedemptionSagaStates.Failed, machine.Failed.Name);
        Assert.Equal(RedemptionSagaStates.Rejected, machine.Rejected.Name);
    }

    [Fact]
    public async Task Should_fault_an_answer_for_a_redemption_it_does_not_know()
    {
        var id = NewId.NextGuid();

        await _harness.Bus.Publish(new RewardIssued(id, "V-1", null, _clock.GetUtcNow()));

        Assert.True(
            await Eventually(() =>
                _harness.Published.Select<Fault<RewardIssued>>(x => x.Context.Message.Message.RedemptionId == id, Snapshot).Any()
            ),
            "no Fault<RewardIssued> was published"
        );
        Assert.Empty(Published<RedemptionCompleted>(id));
        Assert.False(_ledger.Holds.ContainsKey(id));
    }

    // What the group commit leaves for an accepted request of an external reward (RedemptionRequests): the hold placed, IssueReward
    // sent, and the saga's row awaiting the reward.
    private async Task StartAwaitingReward(Guid id)
    {
        var saga = _ledger.PlaceHold(id, User, Reward, StartTime + FulfilmentTimeout, StartTime + FulfilmentTimeout + HoldGrace);
        saga.RequestedAt = StartTime;
        saga.CreatedAt = StartTime;
        _provider.GetRequiredService<IndexedSagaDictionary<RedemptionState>>().Add(new SagaInstance<RedemptionState>(saga));
        Assert.Equal(id, await _saga.Exists(id, m => m.AwaitingReward));
    }

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
