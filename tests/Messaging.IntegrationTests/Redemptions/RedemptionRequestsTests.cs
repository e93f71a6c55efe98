using Messaging.Contracts.Redemption;
using Messaging.Ledger.Accounts;
using Messaging.Ledger.Expiry;
using Messaging.Ledger.Redemptions;
using Messaging.Ledger.Writing;

namespace Messaging.IntegrationTests.Redemptions;

/// <summary>
/// The group commit's redemption step on a real database: many requests decided in one transaction, in the order given, each seeing the
/// holds, spends and stock of those before it; repeats and conflicts recognised within the batch as well as across batches.
/// </summary>
[Collection(FeaturesCollection.Name)]
public sealed class RedemptionRequestsTests(ServersFixture servers) : ProcessorTest(servers)
{
    private static readonly DateTimeOffset Now = DateTimeOffset.UtcNow;

    [Fact]
    public async Task Should_decide_a_batch_in_order_with_each_request_seeing_the_ones_before_it()
    {
        await RedemptionMessages.AddRewardAsync(Servers.DataSource, "coffee", 300);
        await RedemptionMessages.AddRewardAsync(Servers.DataSource, "hoodie", 300, stock: 1, fulfilmentKind: "merch");
        await RedemptionMessages.AddRewardAsync(Servers.DataSource, "tea", 300);
        await RedemptionMessages.CreditAsync(Servers.DataSource, "u-1", 700);
        await RedemptionMessages.CreditAsync(Servers.DataSource, "u-2", 1000);
        var first = Guid.NewGuid();
        var awaiting = Guid.NewGuid();
        RedeemRequested[] requests =
        [
            new(first, "u-1", "coffee", Now, 300),
            new(Guid.NewGuid(), "u-1", "coffee", Now, null),
            new(Guid.NewGuid(), "u-1", "coffee", Now, null),
            new(awaiting, "u-2", "hoodie", Now, null),
            new(Guid.NewGuid(), "u-2", "hoodie", Now, null),
            new(first, "u-1", "coffee", Now, 300),
            new(first, "u-1", "tea", Now, 300),
            new(Guid.NewGuid(), "u-3", "coffee", Now, null),
        ];

        var decided = await ApplyAsync(requests);

        Assert.Equal(
            [
                RedemptionDecisionKind.Completed,
                RedemptionDecisionKind.Completed,
                RedemptionDecisionKind.Rejected,
                RedemptionDecisionKind.AwaitingReward,
                RedemptionDecisionKind.Rejected,
                RedemptionDecisionKind.Repeated,
                RedemptionDecisionKind.Conflict,
                RedemptionDecisionKind.Rejected,
            ],
            decided.Select(d => d.Kind)
        );
        Assert.Equal([400L, 100L], decided.Take(2).Select(d => d.Balance));
        Assert.Equal(RejectionReasons.InsufficientPoints, decided[2].Saga!.OutcomeReason);
        Assert.Contains("100 points available", decided[2].Detail, StringComparison.Ordinal);
        Assert.Equal(RejectionReasons.OutOfStock, decided[4].Saga!.OutcomeReason);
        Assert.Contains("other content", decided[6].Detail, StringComparison.Ordinal);
        Assert.Equal(RejectionReasons.InsufficientPoints, decided[7].Saga!.OutcomeReason);

        Assert.Equal(100, await Ledger.BalanceAsync("u-1"));
        Assert.Equal(0, await Ledger.HeldAsync("u-1"));
        Assert.Equal(1000, await Ledger.BalanceAsync("u-2"));
        Assert.Equal(300, await Ledger.HeldAsync("u-2"));
        Assert.Equal(0, await Ledger.ScalarAsync("SELECT stock FROM rewards WHERE id = 'hoodie'"));
        Assert.Equal(2, await Ledger.ScalarAsync("SELECT count(*) FROM redemptions"));
        Assert.Equal(2, await Ledger.ScalarAsync("SELECT count(*) FROM issued_vouchers"));
        Assert.Equal(
            RedemptionSagaStates.AwaitingReward,
            await Ledger.TextAsync($"SELECT current_state FROM redemption_sagas WHERE correlation_id = '{awaiting}'")
        );
        Assert.Equal(6, await Ledger.ScalarAsync("SELECT count(*) FROM redemption_sagas"));

        // Only a capture opens an account of spent points: the two vouchers' accounts, none for the others (a backup would not carry
        // an account without a posting).
        Assert.Equal(
            requests.Take(2).Select(r => AccountRef.PlatformRedemptionsFor(r.RedemptionId).Code).Distinct().Count(),
            await Ledger.ScalarAsync("SELECT count(*) FROM accounts WHERE code LIKE 'platform:redemptions:%'")
        );
        await Ledger.AssertAuditCleanAndConservedAsync();

        // Asked again in a later batch: the same request changes nothing, other content is a conflict.
        var again = await ApplyAsync([requests[0], requests[6]]);
        Assert.Equal([RedemptionDecisionKind.Repeated, RedemptionDecisionKind.Conflict], again.Select(d => d.Kind));
        Assert.Equal(100, await Ledger.BalanceAsync("u-1"));
        Assert.Equal(6, await Ledger.ScalarAsync("SELECT count(*) FROM redemption_sagas"));
    }

    [Fact]
    public async Task Should_raise_a_contention_fault_when_another_writer_decided_the_same_request_first()
    {
        await RedemptionMessages.AddRewardAsync(Servers.DataSource, "coffee", 300);
        await RedemptionMessages.CreditAsync(Servers.DataSource, "u-1", 1000);
        RedeemRequested request = new(Guid.NewGuid(), "u-1", "coffee", Now, null);

        // Two writers (Commit:Writers above 1) decide the same request: the second read no saga row, then waited for the wallet.
        Task<IReadOnlyList<RedemptionDecision>> second;
        await using (var connection = await Servers.DataSource.OpenConnectionAsync())
        await using (var transaction = await connection.BeginTransactionAsync())
        {
            Assert.Equal(RedemptionDecisionKind.Completed, (await ApplyOnAsync(connection, [request]))[0].Kind);
            second = Task.Run(() => ApplyAsync([request]));
            await Eventually.HoldsAsync(
                async () => await WaitingForLocksAsync() > 0,
                TimeSpan.FromSeconds(10),
                "the second writer waiting for the wallet's lock"
            );
            await transaction.CommitAsync();
        }

        await Assert.ThrowsAsync<RequestDecidedElsewhereException>(() => second);

        // Retried, as the group commit retries contention: the request is found decided, and nothing was spent twice.
        Assert.Equal(RedemptionDecisionKind.Repeated, (await ApplyAsync([request]))[0].Kind);
        Assert.Equal(700, await Ledger.BalanceAsync("u-1"));
    }

    // As the writers' own role: PostgreSQL shows a session's wait only to its role (or a monitoring one).
    private async Task<long> WaitingForLocksAsync()
    {
        await using var command = Servers.DataSource.CreateCommand("SELECT count(*) FROM pg_stat_activity WHERE wait_event_type = 'Lock'");
        return (long)(await command.ExecuteScalarAsync())!;
    }

    private async Task<IReadOnlyList<RedemptionDecision>> ApplyAsync(IReadOnlyList<RedeemRequested> requests)
    {
        await using var connection = await Servers.DataSource.OpenConnectionAsync();
        await using var transaction = await connection.BeginTransactionAsync();
        var decided = await ApplyOnAsync(connection, requests);
        await transaction.CommitAsync();
        return decided;
    }

    private static Task<IReadOnlyList<RedemptionDecision>> ApplyOnAsync(
        Npgsql.NpgsqlConnection connection,
        IReadOnlyList<RedeemRequested> requests
    ) =>
        RedemptionRequests.ApplyAsync(
            connection,
            [.. requests.Select(r => RedemptionRequest.Of(r, Guid.NewGuid(), null))],
            RedemptionTerms.At(Now, new RedemptionOptions()),
            new PointsExpiry(new LedgerBatchWriter()),
            CancellationToken.None
        );
}
