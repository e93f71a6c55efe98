using Messaging.Contracts.Earning;
using Messaging.Ledger.Accounts;
using Messaging.Ledger.Earning;
using Messaging.Ledger.Writing;

namespace Messaging.UnitTests;

public sealed class EarningCapsTests
{
    private static readonly DateTimeOffset At = new(2026, 11, 21, 23, 30, 0, TimeSpan.FromHours(-2));

    private static OrderEarningPolicy Policy(long? daily, long? monthly) =>
        new(
            new EarningOptions
            {
                PointsPerUnit = new Dictionary<string, decimal>(StringComparer.OrdinalIgnoreCase) { ["USD"] = 1m },
                Caps = new Dictionary<string, EarningCapOptions>(StringComparer.Ordinal)
                {
                    ["earned"] = new() { Daily = daily, Monthly = monthly },
                },
            }
        );

    private static LedgerWrite Plan(OrderEarningPolicy policy, decimal amount) =>
        policy.Plan(new OrderCompleted("o-1", "u-1", amount, "USD", At))!;

    private static GuardDecision Decide(LedgerWrite command, long usedToday, long usedThisMonth) =>
        command.Guard!.Decide(
            new GuardView(
                new Dictionary<string, AccountState>(),
                new Dictionary<string, long>
                {
                    ["earning:u-1:earned:day:2026-11-22"] = usedToday,
                    ["earning:u-1:earned:month:2026-11"] = usedThisMonth,
                }
            )
        );

    [Fact]
    public void Should_have_no_guard_when_no_cap_is_configured()
    {
        var policy = new OrderEarningPolicy(
            new EarningOptions { PointsPerUnit = new Dictionary<string, decimal>(StringComparer.OrdinalIgnoreCase) { ["USD"] = 1m } }
        );

        Assert.Null(Plan(policy, 40m).Guard);
    }

    [Fact]
    public void Should_count_the_utc_day_and_month_of_the_order_when_it_names_the_usage_rows()
    {
        var command = Plan(Policy(100, 1000), 40m);

        Assert.Equal(["earning:u-1:earned:day:2026-11-22", "earning:u-1:earned:month:2026-11"], command.Guard!.LimitKeys);
        Assert.True(command.Guard.RefusalIsFinal);
    }

    [Fact]
    public void Should_credit_it_all_and_draw_on_both_periods_when_the_order_fits()
    {
        var decision = Decide(Plan(Policy(100, 1000), 40m), usedToday: 60, usedThisMonth: 500);

        Assert.Equal(40, decision.Entry!.Postings.Max(p => p.Amount));
        Assert.Equal([40L, 40L], decision.Draws.Select(d => d.Amount));
        Assert.Equal(
            ["earning:u-1:earned:day:2026-11-22", "earning:u-1:earned:month:2026-11"],
            EarningCaps.KeysIn(decision.Entry.MetadataJson)
        );
        Assert.DoesNotContain(EarningCaps.CutField, decision.Entry.MetadataJson, StringComparison.Ordinal);
    }

    [Fact]
    public void Should_credit_up_to_the_tightest_cap_and_record_the_cut_when_the_order_is_above_it()
    {
        var decision = Decide(Plan(Policy(100, 1000), 40m), usedToday: 10, usedThisMonth: 975);

        var entry = decision.Entry!;
        Assert.Equal("order:o-1", entry.IdempotencyKey);
        Assert.Equal(25, entry.Postings.Single(p => p.Account.Kind == AccountKinds.UserWallet).Amount);
        Assert.Equal(0, entry.Postings.Sum(p => p.Amount));
        Assert.Contains("\"PointsCut\":15", entry.MetadataJson, StringComparison.Ordinal);
        Assert.Contains("Earning:Caps:earned:Monthly", entry.MetadataJson, StringComparison.Ordinal);
        Assert.Contains("15 points cut by Earning:Caps:earned:Monthly", entry.Description, StringComparison.Ordinal);
        Assert.Equal([25L, 25L], decision.Draws.Select(d => d.Amount));
    }

    [Fact]
    public void Should_refuse_with_the_setting_named_when_no_room_is_left()
    {
        var decision = Decide(Plan(Policy(100, null), 40m), usedToday: 100, usedThisMonth: 0);

        Assert.Null(decision.Entry);
        Assert.Equal(EarningCaps.RefusalCode, decision.RefusalCode);
        Assert.Contains("Earning:Caps:earned:Daily", decision.RefusalReason, StringComparison.Ordinal);
        Assert.Contains("2026-11-22", decision.RefusalReason, StringComparison.Ordinal);
    }

    [Fact]
    public void Should_name_the_setting_when_a_cap_is_on_a_type_that_cannot_be_capped_or_not_above_zero()
    {
        var options = new EarningOptions
        {
            Caps = new Dictionary<string, EarningCapOptions>(StringComparer.Ordinal)
            {
                ["recognition"] = new() { Daily = 10 },
                ["earned"] = new() { Monthly = 0 },
            },
        };
        options.PointsPerUnit["USD"] = 1;

        var result = new EarningOptionsValidator().Validate(null, options);

        Assert.Contains("Earning:Caps:recognition is not an entry type that can be capped; use one of: earned", result.FailureMessage);
        Assert.Contains("Earning:Caps:earned: Daily and Monthly must be above zero", result.FailureMessage);
    }
}
