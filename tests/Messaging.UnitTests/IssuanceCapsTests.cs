using Messaging.Ledger.Accounts;
using Messaging.Ledger.Journal;
using Messaging.Ledger.Writing;
using Messaging.UnitTests.Redemptions;

namespace Messaging.UnitTests;

public sealed class IssuanceCapsTests
{
    private static readonly ManualClock Clock = new(new DateTimeOffset(2026, 12, 5, 23, 59, 0, TimeSpan.FromHours(-5)));

    [Fact]
    public void Should_count_a_debit_of_a_capped_issuers_account_as_minted_and_nothing_else()
    {
        var caps = new IssuanceCaps(new Dictionary<string, long> { [Issuers.Orders] = 100 }, Clock);
        var wallet = AccountRef.UserWallet("ann");
        var postings = new[]
        {
            new PostingDraft(AccountRef.IssuanceOf(Issuers.Orders), -30),
            new PostingDraft(wallet, 30),
            new PostingDraft(AccountRef.IssuanceOf(Issuers.Orders), -5),
            new PostingDraft(wallet, 5),
            // Uncapped issuer, and a clawback crediting issuance: neither counts.
            new PostingDraft(AccountRef.IssuanceOf(Issuers.Events), -7),
            new PostingDraft(AccountRef.IssuanceOf(Issuers.Admins), 9),
        };

        Assert.Equal([(Issuers.Orders, 35L)], caps.Minted(postings));
    }

    [Fact]
    public void Should_key_the_days_count_by_the_utc_day()
    {
        var caps = new IssuanceCaps(new Dictionary<string, long> { [Issuers.Events] = 1 }, Clock);

        Assert.Equal("issuance:events:2026-12-06", caps.TodayKeyOf(Issuers.Events));
        Assert.Null(caps.CapOf(Issuers.Orders));
    }

    [Fact]
    public void Should_refuse_a_cap_for_an_unknown_issuer_or_below_one_naming_the_setting()
    {
        var options = new IssuanceOptions();
        options.DailyCaps["shops"] = 10;
        options.DailyCaps[Issuers.Orders] = 0;

        var result = new IssuanceOptionsValidator().Validate(null, options);

        Assert.Contains(
            "Issuance:DailyCaps:shops names no issuer; use one of orders, events, admins",
            result.FailureMessage,
            StringComparison.Ordinal
        );
        Assert.Contains("Issuance:DailyCaps:orders = 0 must be above zero", result.FailureMessage, StringComparison.Ordinal);
        Assert.Throws<ArgumentException>(() => new IssuanceCaps(new Dictionary<string, long> { ["shops"] = 1 }, Clock));
    }
}
