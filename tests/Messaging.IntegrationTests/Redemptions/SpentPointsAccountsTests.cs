using Messaging.Contracts.Redemption;
using Messaging.Ledger.Accounts;
using Messaging.Ledger.Expiry;
using Messaging.Ledger.Journal;
using Messaging.Ledger.Redemptions;
using Messaging.Ledger.Writing;

namespace Messaging.IntegrationTests.Redemptions;

/// <summary>
/// Spent points are spread over several accounts so that captures do not queue on one row; a refund must still debit
/// exactly the account its capture credited, including the single account every capture used before the spread.
/// </summary>
[Collection(FeaturesCollection.Name)]
public sealed class SpentPointsAccountsTests(ServersFixture servers) : ProcessorTest(servers)
{
    [Fact]
    public async Task Should_refund_each_expired_redemption_from_the_account_its_capture_credited()
    {
        await RedemptionMessages.AddRewardAsync(Servers.DataSource, "coffee", 20);
        await RedemptionMessages.CreditAsync(Servers.DataSource, "u-1", 100);
        var legacy = Guid.NewGuid();
        var spread = Guid.NewGuid();
        var now = DateTimeOffset.UtcNow;

        await using (var connection = await Servers.DataSource.OpenConnectionAsync())
        await using (var transaction = await connection.BeginTransactionAsync())
        {
            // Captured before the spread: into platform:redemptions, recorded the way captures record it.
            var outcome = (
                await new LedgerBatchWriter().ApplyAsync(
                    connection,
                    [
                        new LedgerWrite(
                            EntryDraft.Transfer(
                                RedemptionSteps.HoldKey(legacy),
                                EntryTypes.Redeemed,
                                "Redeemed Coffee (coffee)",
                                PayloadHash.Of(legacy.ToString()),
                                now,
                                AccountRef.UserWallet("u-1"),
                                AccountRef.PlatformRedemptions,
                                30
                            ),
                            []
                        ),
                    ],
                    CancellationToken.None
                )
            )[0];
            await using (var record = connection.CreateCommand())
            {
                record.CommandText = """
                    INSERT INTO redemptions (id, user_id, reward_id, reward_name, points, status, journal_entry_id, redeemed_at, expires_at,
                        is_used)
                    VALUES (@id, 'u-1', 'coffee', 'Coffee', 30, 'active', @entry, now(), now(), false)
                    """;
                record.Parameters.AddWithValue("id", legacy);
                record.Parameters.AddWithValue("entry", outcome.AppliedEntries[0].EntryId);
                await record.ExecuteNonQueryAsync();
            }

            // Redeemed since the spread (a voucher, captured in its own request's step), 31 days ago so that it has expired too: into
            // the account its id picks.
            var decided = await RedemptionRequests.ApplyAsync(
                connection,
                [RedemptionRequest.Of(new RedeemRequested(spread, "u-1", "coffee", now, null), Guid.NewGuid(), null)],
                new RedemptionTerms(now.AddDays(-31), now.AddMinutes(5), now.AddHours(1)),
                new PointsExpiry(new LedgerBatchWriter()),
                CancellationToken.None
            );
            Assert.Equal(RedemptionDecisionKind.Completed, decided[0].Kind);
            await transaction.CommitAsync();
        }

        var spreadAccount = AccountRef.PlatformRedemptionsFor(spread).Code;
        Assert.NotEqual(AccountRef.PlatformRedemptions.Code, spreadAccount);
        Assert.Equal(50, await Ledger.BalanceAsync("u-1"));
        Assert.Equal(30, await BalanceOfAsync(AccountRef.PlatformRedemptions.Code));
        Assert.Equal(20, await BalanceOfAsync(spreadAccount));

        await using (var connection = await Servers.DataSource.OpenConnectionAsync())
        await using (var transaction = await connection.BeginTransactionAsync())
        {
            var expired = await RedemptionExpiry.ExpireDueAsync(
                connection,
                new LedgerBatchWriter(),
                10,
                refund: true,
                now,
                CancellationToken.None
            );
            Assert.Equal(2, expired.Count);
            Assert.All(expired, e => Assert.True(e.RefundedPoints > 0, $"redemption {e.Id} was not refunded"));
            await transaction.CommitAsync();
        }

        Assert.Equal(100, await Ledger.BalanceAsync("u-1"));
        Assert.Equal(0, await BalanceOfAsync(AccountRef.PlatformRedemptions.Code));
        Assert.Equal(0, await BalanceOfAsync(spreadAccount));
        Assert.Equal(2, await Ledger.EntriesOfTypeAsync(EntryTypes.RedemptionRefund));
        await Ledger.AssertAuditCleanAndConservedAsync();
    }

    [Fact]
    public void Should_pick_the_same_account_for_a_redemption_every_time_and_spread_redemptions_over_all_of_them()
    {
        var id = Guid.NewGuid();
        Assert.Equal(AccountRef.PlatformRedemptionsFor(id), AccountRef.PlatformRedemptionsFor(id));

        var used = Enumerable.Range(0, 2_000).Select(_ => AccountRef.PlatformRedemptionsFor(Guid.NewGuid()).Code).ToHashSet();
        Assert.Equal(AccountRef.RedemptionShards, used.Count);
        Assert.All(used, code => Assert.StartsWith("platform:redemptions:", code, StringComparison.Ordinal));
    }

    private Task<long> BalanceOfAsync(string code) =>
        Ledger.ScalarAsync("SELECT coalesce((SELECT balance FROM accounts WHERE code = @code), 0)", ("code", code));
}
