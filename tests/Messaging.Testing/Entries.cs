using Messaging.Ledger.Accounts;
using Messaging.Ledger.Journal;
using Messaging.Ledger.Writing;

namespace Messaging.Testing;

/// <summary>Ledger commands for tests that seed the ledger directly, without the bus.</summary>
public static class Entries
{
    // recordedAt: null for now; else the entry is written as recorded then, as a restore writes history back. expiresAt: when its points
    // expire (null: never, as a writer without an expiry policy records them).
    public static LedgerWrite Earn(
        string orderId,
        string userId,
        long points,
        DateTimeOffset? recordedAt = null,
        DateTimeOffset? expiresAt = null
    ) =>
        new(
            EntryDraft.Transfer(
                $"order:{orderId}",
                EntryTypes.OrderEarned,
                $"Points for order {orderId}",
                PayloadHash.Of(orderId),
                DateTimeOffset.UtcNow,
                AccountRef.IssuanceOf(Issuers.Orders),
                AccountRef.UserWallet(userId),
                points
            ) with
            {
                RecordedAt = recordedAt,
                PointsExpireAt = expiresAt,
            },
            []
        );

    /// <summary>
    /// Writes the commands in one transaction, through the ledger's own writer (no expiry policy: entries say their own).
    /// </summary>
    public static async Task ApplyAsync(Npgsql.NpgsqlDataSource dataSource, params LedgerWrite[] writes)
    {
        ArgumentNullException.ThrowIfNull(dataSource);
        await using var connection = await dataSource.OpenConnectionAsync();
        await using var transaction = await connection.BeginTransactionAsync();
        await new LedgerBatchWriter().ApplyAsync(connection, writes, CancellationToken.None);
        await transaction.CommitAsync();
    }
}
