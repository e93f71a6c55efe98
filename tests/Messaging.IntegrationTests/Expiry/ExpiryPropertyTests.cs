using Messaging.Contracts.Redemption;
using Messaging.Ledger.Accounts;
using Messaging.Ledger.Expiry;
using Messaging.Ledger.Journal;
using Messaging.Ledger.Redemptions;
using Messaging.Ledger.Writing;

namespace Messaging.IntegrationTests.Expiry;

/// <summary>
/// Random earn, spend and expire sequences on the real database (issue 27): every point earned is expired, spent or still held, no lot goes
/// below zero, the result is what first-in-first-out by expiry predicts, and it is the same whatever order the messages of each round
/// arrive in. And a redemption racing an expiry never spends an expired point.
/// </summary>
[Collection(ProcessingCollection.Name)]
public sealed class ExpiryPropertyTests(ServersFixture servers) : IAsyncLifetime
{
    private const int Scenarios = 12;

    private readonly LedgerProbe ledger = new(servers.DataSource);

    public Task InitializeAsync() => servers.ResetAsync();

    public Task DisposeAsync() => Task.CompletedTask;

    [Fact]
    public async Task Should_conserve_every_earned_point_and_reach_the_same_lots_whatever_order_the_messages_arrive_in()
    {
        var now = DateTimeOffset.UtcNow;
        for (var seed = 1; seed <= Scenarios; seed++)
        {
            var random = new Random(seed);
            var rounds = Rounds(random, now);
            var model = new FifoModel(now);
            foreach (var round in rounds)
            {
                model.Apply(round);
            }

            // The same rounds, the messages of each in the order generated and in a shuffled one, to two users.
            var inOrder = $"p{seed}-a";
            var shuffled = $"p{seed}-b";
            foreach (var round in rounds)
            {
                foreach (var step in round)
                {
                    await ApplyAsync(inOrder, step);
                }

                foreach (var step in round.Where(s => s.Spend is null).OrderBy(_ => random.Next()))
                {
                    await ApplyAsync(shuffled, step);
                }

                foreach (var step in round.Where(s => s.Spend is not null).OrderBy(_ => random.Next()))
                {
                    await ApplyAsync(shuffled, step);
                }
            }

            foreach (var user in new[] { inOrder, shuffled })
            {
                await ExpireAsync(user);
                var figures = await FiguresAsync(user);
                Assert.Equal(model.Earned, figures.Expired + figures.Spent + figures.Balance);
                Assert.Equal((model.Expired, model.Spent, model.Balance), (figures.Expired, figures.Spent, figures.Balance));
                Assert.True(figures.LowestRemaining >= 0, $"seed {seed}: a lot of {user} went below zero");
            }

            Assert.Equal(await LeftByExpiryAsync(inOrder), await LeftByExpiryAsync(shuffled));
        }

        await ledger.AssertAuditCleanAndConservedAsync();
    }

    [Fact]
    public async Task Should_never_spend_an_expired_point_when_a_redemption_races_the_expiry()
    {
        await RedemptionMessages.AddRewardAsync(servers.DataSource, "mug", 50);
        var users = Enumerable.Range(1, 20).Select(i => $"race-{i}").ToList();
        foreach (var user in users)
        {
            await ApplyAsync(user, new Step($"order:{user}-old", 100, DateTimeOffset.UtcNow.AddSeconds(-1), null));
            await ApplyAsync(user, new Step($"order:{user}-new", 20, DateTimeOffset.UtcNow.AddMonths(1), null));
        }

        var outcomes = await Task.WhenAll(
            users.Select(async user =>
            {
                var reserve = Task.Run(() => RedeemAsync(user));
                var expire = Task.Run(() => ExpireAsync(user));
                await Task.WhenAll(reserve, expire);
                return (User: user, Reservation: await reserve, Expired: (await expire).Count);
            })
        );

        foreach (var (user, reservation, _) in outcomes)
        {
            Assert.Equal(RedemptionDecisionKind.Rejected, reservation.Kind);
            Assert.Equal(RejectionReasons.InsufficientPoints, reservation.Saga!.OutcomeReason);
            Assert.Equal((20L, 100L), ((await FiguresAsync(user)).Balance, (await FiguresAsync(user)).Expired));
            Assert.Equal(0, await ledger.HeldAsync(user));
        }

        // Whichever came first wrote the expiry, once: the other found nothing due.
        Assert.Equal(users.Count, outcomes.Sum(o => o.Reservation.Expired.Count + o.Expired));
        await ledger.AssertAuditCleanAndConservedAsync();
    }

    // Three rounds: earnings (some due already, some later, some never), then spends that fit what is left once the due lots expire.
    private static List<List<Step>> Rounds(Random random, DateTimeOffset now)
    {
        var rounds = new List<List<Step>>();
        var model = new FifoModel(now);
        for (var round = 0; round < 3; round++)
        {
            var earnings = Enumerable
                .Range(0, random.Next(2, 6))
                .Select(i => new Step(
                    $"r{round}e{i}",
                    random.Next(1, 100),
                    random.Next(10) switch
                    {
                        < 3 => now.AddDays(-random.Next(1, 30)),
                        < 8 => now.AddDays(random.Next(1, 365)),
                        _ => null,
                    },
                    null
                ))
                .ToList();
            foreach (var earning in earnings)
            {
                model.Apply([earning]);
            }

            var spends = new List<Step>();
            var available = model.AvailableAfterExpiry();
            for (var i = 0; i < random.Next(0, 4) && available > 0; i++)
            {
                var points = random.Next(1, (int)Math.Min(available, 120) + 1);
                spends.Add(new Step($"r{round}s{i}", 0, null, points));
                available -= points;
            }

            model.Apply(spends);
            rounds.Add([.. earnings, .. spends]);
        }

        return rounds;
    }

    private async Task ApplyAsync(string user, Step step)
    {
        await using var connection = await servers.DataSource.OpenConnectionAsync();
        await using var transaction = await connection.BeginTransactionAsync();
        if (step.Spend is { } points)
        {
            // As every spending path does: the wallet's due lots expire first, in the spend's transaction.
            await new PointsExpiry(new LedgerBatchWriter()).ExpireDueAsync(connection, user, default);
            await new LedgerBatchWriter().ApplyAsync(
                connection,
                [
                    new LedgerWrite(
                        EntryDraft.Transfer(
                            $"spend:{user}:{step.Key}",
                            EntryTypes.Redeemed,
                            step.Key,
                            "h",
                            DateTimeOffset.UtcNow,
                            AccountRef.UserWallet(user),
                            AccountRef.PlatformRedemptions,
                            points
                        ),
                        []
                    ),
                ],
                default
            );
        }
        else
        {
            await new LedgerBatchWriter().ApplyAsync(
                connection,
                [
                    new LedgerWrite(
                        EntryDraft.Transfer(
                            step.Key.StartsWith("order:", StringComparison.Ordinal) ? step.Key : $"order:{user}:{step.Key}",
                            EntryTypes.OrderEarned,
                            step.Key,
                            "h",
                            DateTimeOffset.UtcNow,
                            AccountRef.IssuanceOf(Issuers.Orders),
                            AccountRef.UserWallet(user),
                            step.Earn
                        ) with
                        {
                            PointsExpireAt = step.ExpiresAt,
                        },
                        []
                    ),
                ],
                default
            );
        }

        await transaction.CommitAsync();
    }

    private async Task<IReadOnlyList<ExpiredLot>> ExpireAsync(string user)
    {
        await using var connection = await servers.DataSource.OpenConnectionAsync();
        await using var transaction = await connection.BeginTransactionAsync();
        var expired = await new PointsExpiry(new LedgerBatchWriter()).ExpireDueAsync(connection, user, default);
        await transaction.CommitAsync();
        return expired;
    }

    private async Task<RedemptionDecision> RedeemAsync(string user)
    {
        await using var connection = await servers.DataSource.OpenConnectionAsync();
        await using var transaction = await connection.BeginTransactionAsync();
        var now = DateTimeOffset.UtcNow;
        var decided = await RedemptionRequests.ApplyAsync(
            connection,
            [RedemptionRequest.Of(new RedeemRequested(Guid.NewGuid(), user, "mug", now, null), Guid.NewGuid(), null)],
            RedemptionTerms.At(now, new RedemptionOptions()),
            new PointsExpiry(new LedgerBatchWriter()),
            default
        );
        await transaction.CommitAsync();
        return decided[0];
    }

    private async Task<(long Balance, long Expired, long Spent, long LowestRemaining)> FiguresAsync(string user) =>
        (
            await ledger.ScalarAsync("SELECT balance FROM accounts WHERE code = @c", ("c", $"user:{user}:wallet")),
            await ledger.ScalarAsync("SELECT coalesce((SELECT balance FROM accounts WHERE code = @c), 0)", ("c", $"user:{user}:expired")),
            await ledger.ScalarAsync("SELECT total_debited FROM accounts WHERE code = @c", ("c", $"user:{user}:wallet"))
                - await ledger.ScalarAsync(
                    "SELECT coalesce((SELECT balance FROM accounts WHERE code = @c), 0)",
                    ("c", $"user:{user}:expired")
                ),
            await ledger.ScalarAsync(
                "SELECT coalesce(min(l.remaining), 0) FROM point_lots l JOIN accounts a ON a.id = l.account_id WHERE a.code = @c",
                ("c", $"user:{user}:wallet")
            )
        );

    private Task<IReadOnlyList<string>> LeftByExpiryAsync(string user) =>
        ledger.RowsAsync(
            $"""
            SELECT coalesce(to_char(l.expires_at, 'YYYY-MM-DD HH24:MI:SS'), 'never') || ' ' || sum(l.remaining)
            FROM point_lots l JOIN accounts a ON a.id = l.account_id
            WHERE a.code = 'user:{user}:wallet' AND l.remaining > 0
            GROUP BY l.expires_at ORDER BY l.expires_at NULLS LAST
            """
        );

    // Spend: the points a spend takes; else an earning of Earn points expiring at ExpiresAt (null: never).
    private sealed record Step(string Key, long Earn, DateTimeOffset? ExpiresAt, long? Spend);

    // What the ledger should do, in memory: lots drawn soonest-to-expire first, due lots expired before every spend and at the end.
    private sealed class FifoModel(DateTimeOffset now)
    {
        private readonly List<(DateTimeOffset? ExpiresAt, long Remaining)> lots = [];

        private long expiredBefore;

        public long Earned { get; private set; }
        public long Spent { get; private set; }

        // The test expires what is due at the end too.
        public long Expired => expiredBefore + DueNow();
        public long Balance => lots.Sum(l => l.Remaining) - DueNow();

        public void Apply(IEnumerable<Step> steps)
        {
            foreach (var step in steps)
            {
                if (step.Spend is not { } points)
                {
                    lots.Add((step.ExpiresAt, step.Earn));
                    Earned += step.Earn;
                    continue;
                }

                Expire();
                Spent += points;
                var owed = points;
                foreach (var i in Enumerable.Range(0, lots.Count).OrderBy(i => lots[i].ExpiresAt ?? DateTimeOffset.MaxValue).ToList())
                {
                    var taken = Math.Min(owed, lots[i].Remaining);
                    lots[i] = (lots[i].ExpiresAt, lots[i].Remaining - taken);
                    owed -= taken;
                }
            }
        }

        public long AvailableAfterExpiry() => lots.Sum(l => l.Remaining) - DueNow();

        private long DueNow() => lots.Where(l => l.ExpiresAt <= now).Sum(l => l.Remaining);

        private void Expire()
        {
            expiredBefore += DueNow();
            for (var i = 0; i < lots.Count; i++)
            {
                if (lots[i].ExpiresAt <= now)
                {
                    lots[i] = (lots[i].ExpiresAt, 0);
                }
            }
        }
    }
}
