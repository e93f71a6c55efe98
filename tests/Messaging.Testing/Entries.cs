using Messaging.Ledger.Accounts;
using Messaging.Ledger.Journal;
using Messaging.Ledger.Writing;

namespace Messaging.Testing;

/// <summary>Ledger commands for tests that seed the ledger directly, without the bus.</summary>
public static class Entries
{
    public static LedgerWrite Earn(string orderId, string userId, long points) =>
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
            ),
            []
        );
}
