using Messaging.Ledger.Accounts;
using Messaging.Ledger.Corrections;
using Messaging.Ledger.Journal;
using Messaging.Ledger.Writing;
using Npgsql;

namespace Messaging.IntegrationTests.Corrections;

/// <summary>
/// The ledger's conflict resolution on its own, against the real database as the operator's login: the ways it says
/// no (no conflict, an account that would go below zero, a key resolved before) change nothing and say why.
/// </summary>
[Collection(OperatorsCollection.Name)]
public sealed class ConflictResolutionTests(ServersFixture servers) : ProcessorTest(servers)
{
    [Fact]
    public async Task Should_change_nothing_when_there_is_no_conflict_or_the_reversal_would_take_an_account_below_zero()
    {
        await ApplyAsync(Entries.Earn("k-1", "u-1", 40));
        await using var ledger = NpgsqlDataSource.Create(Servers.OperatorConnectionString);
        var resolution = new ConflictResolution(ledger, TimeProvider.System);

        var same = await resolution.ApplyInsteadAsync(Entries.Earn("k-1", "u-1", 40), "same content", "tester", CancellationToken.None);
        Assert.Equal(ConflictOutcomeKind.NoConflict, same.Kind);
        Assert.Contains("duplicate, not a conflict", same.Message, StringComparison.Ordinal);
        var nothing = await resolution.KeepAppliedAsync(Copy("k-9", 70), "{}", "nothing there", "tester", CancellationToken.None);
        Assert.Equal(ConflictOutcomeKind.NoConflict, nothing.Kind);

        // The user spent 30 of the 40: reversing the 40 would take the wallet below zero, so the copy is not applied either.
        await ApplyAsync(
            new LedgerWrite(
                EntryDraft.Transfer(
                    "spend:1",
                    EntryTypes.Redeemed,
                    "spent",
                    PayloadHash.Of("spend:1"),
                    DateTimeOffset.UtcNow,
                    AccountRef.UserWallet("u-1"),
                    AccountRef.PlatformRedemptions,
                    30
                ),
                []
            )
        );
        var refused = await resolution.ApplyInsteadAsync(
            Copy("k-1", 70),
            "the shop corrected the amount",
            "tester",
            CancellationToken.None
        );
        Assert.Equal(ConflictOutcomeKind.Refused, refused.Kind);
        Assert.Contains("may not go below zero", refused.Message, StringComparison.Ordinal);

        Assert.Equal(10, await Ledger.BalanceAsync("u-1"));
        Assert.Equal(0, await Ledger.EntriesAsync("reversal:"));
        Assert.Equal(0, await Ledger.EntriesAsync("resolution:"));
        Assert.Equal(0, await Ledger.ScalarAsync("SELECT count(*) FROM operator_actions WHERE action = 'resolve-conflict'"));
        await Ledger.AssertAuditCleanAndConservedAsync();
    }

    [Fact]
    public async Task Should_resolve_a_key_once_and_refuse_a_third_copy_after_it()
    {
        await ApplyAsync(Entries.Earn("k-2", "u-2", 40));
        await using var ledger = NpgsqlDataSource.Create(Servers.OperatorConnectionString);
        var resolution = new ConflictResolution(ledger, TimeProvider.System);

        var resolved = await resolution.ApplyInsteadAsync(
            Copy("k-2", 70, "u-2"),
            "the shop corrected the amount",
            "tester",
            CancellationToken.None
        );
        Assert.Equal(ConflictOutcomeKind.AppliedInstead, resolved.Kind);
        var again = await resolution.ApplyInsteadAsync(Copy("k-2", 90, "u-2"), "another correction", "tester", CancellationToken.None);
        Assert.Equal(ConflictOutcomeKind.AlreadyResolved, again.Kind);
        Assert.Contains("reverse resolution:order:k-2", again.Message, StringComparison.Ordinal);

        Assert.Equal(70, await Ledger.BalanceAsync("u-2"));
        Assert.Equal(1, await Ledger.EntriesAsync("resolution:order:k-2"));
        Assert.Equal(1, await Ledger.EntriesAsync("reversal:order:k-2"));
        await Ledger.AssertAuditCleanAndConservedAsync();
    }

    /// <summary>Another copy of order <paramref name="orderId"/>: same key, other content.</summary>
    private static LedgerWrite Copy(string orderId, long points, string userId = "u-1") =>
        new(
            EntryDraft.Transfer(
                $"order:{orderId}",
                EntryTypes.OrderEarned,
                $"Points for order {orderId}",
                PayloadHash.Of(orderId, points.ToString(System.Globalization.CultureInfo.InvariantCulture)),
                DateTimeOffset.UtcNow,
                AccountRef.IssuanceOf(Issuers.Orders),
                AccountRef.UserWallet(userId),
                points
            ),
            [],
            SourceMessageId: Guid.NewGuid()
        );

    private async Task ApplyAsync(LedgerWrite command)
    {
        await using var connection = await Servers.DataSource.OpenConnectionAsync();
        await using var transaction = await connection.BeginTransactionAsync();
        Assert.Equal(
            LedgerOutcomeKind.Applied,
            (await new LedgerBatchWriter().ApplyAsync(connection, [command], CancellationToken.None))[0].Kind
        );
        await transaction.CommitAsync();
    }
}
