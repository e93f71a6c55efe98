using Messaging.Ledger.Accounts;
using Messaging.Ledger.Journal;

namespace Messaging.UnitTests;

public sealed class EntryDraftTests
{
    private static readonly AccountRef Wallet = AccountRef.UserWallet("u1");

    [Fact]
    public void Should_refuse_postings_that_do_not_sum_to_zero()
    {
        var error = Assert.Throws<ArgumentException>(() =>
            new EntryDraft(
                "k",
                "earned",
                "d",
                "h",
                DateTimeOffset.UtcNow,
                [new PostingDraft(AccountRef.IssuanceOf(Issuers.Orders), -10), new PostingDraft(Wallet, 9)]
            )
        );
        Assert.Contains("does not balance", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Should_refuse_a_single_posting_when_building_an_entry()
    {
        Assert.Throws<ArgumentException>(() =>
            new EntryDraft("k", "earned", "d", "h", DateTimeOffset.UtcNow, [new PostingDraft(Wallet, 0)])
        );
    }

    [Fact]
    public void Should_debit_source_and_credit_destination_when_transferring()
    {
        var entry = EntryDraft.Transfer("k", "earned", "d", "h", DateTimeOffset.UtcNow, AccountRef.IssuanceOf(Issuers.Orders), Wallet, 25);

        Assert.Equal(-25, entry.Postings.Single(p => p.Account == AccountRef.IssuanceOf(Issuers.Orders)).Amount);
        Assert.Equal(25, entry.Postings.Single(p => p.Account == Wallet).Amount);
    }

    [Fact]
    public void Should_refuse_a_transfer_of_zero_points()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() =>
            EntryDraft.Transfer("k", "earned", "d", "h", DateTimeOffset.UtcNow, AccountRef.IssuanceOf(Issuers.Orders), Wallet, 0)
        );
    }

    [Fact]
    public void Should_tell_field_boundaries_apart_when_hashing_payloads()
    {
        Assert.NotEqual(PayloadHash.Of("a|b", "c"), PayloadHash.Of("a", "b|c"));
        Assert.NotEqual(PayloadHash.Of("a", null), PayloadHash.Of("a", ""));
        Assert.Equal(PayloadHash.Of("x", "1"), PayloadHash.Of("x", "1"));
    }
}
