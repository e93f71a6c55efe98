using Messaging.Contracts;
using Messaging.Contracts.Earning;
using Messaging.Ledger.Earning;
using Messaging.Ledger.Journal;

namespace Messaging.UnitTests;

public sealed class OrderEarningPolicyTests
{
    private static readonly DateTimeOffset At = new(2026, 11, 21, 10, 0, 0, TimeSpan.Zero);

    private static OrderEarningPolicy Policy(long signup = 100, long firstOrder = 50, long cap = 10_000) =>
        new(
            new EarningOptions
            {
                PointsPerUnit = new Dictionary<string, decimal>(StringComparer.OrdinalIgnoreCase) { ["USD"] = 1m, ["JPY"] = 0.01m },
                SignupBonus = signup,
                FirstOrderBonus = firstOrder,
                MaxPointsPerTransaction = cap,
            }
        );

    private static OrderCompleted Order(decimal amount = 42.99m, string currency = "USD", string orderId = "o-1", string userId = "u-1") =>
        new(orderId, userId, amount, currency, At);

    [Fact]
    public void Should_round_points_down_when_amount_has_a_fraction()
    {
        var command = Policy().Plan(Order(42.99m))!;

        Assert.Equal("order:o-1", command.Primary.IdempotencyKey);
        Assert.Equal(42, command.Primary.Postings.Max(p => p.Amount));
    }

    [Fact]
    public void Should_apply_the_currency_rate_when_currency_is_not_the_base()
    {
        var command = Policy().Plan(Order(12_345m, "jpy"))!;

        Assert.Equal(123, command.Primary.Postings.Max(p => p.Amount));
    }

    [Fact]
    public void Should_add_signup_and_first_order_bonuses_keyed_per_user()
    {
        var command = Policy().Plan(Order())!;

        Assert.Equal(["signup:u-1", "first-order:u-1"], command.FollowUps.Select(f => f.IdempotencyKey));
        Assert.Equal([EntryTypes.SignupBonus, EntryTypes.FirstOrderBonus], command.FollowUps.Select(f => f.EntryType));
        Assert.Equal([100L, 50L], command.FollowUps.Select(f => f.Postings.Max(p => p.Amount)));
    }

    [Fact]
    public void Should_leave_out_a_bonus_when_it_is_configured_as_zero()
    {
        var command = Policy(signup: 0, firstOrder: 0).Plan(Order())!;

        Assert.Empty(command.FollowUps);
    }

    [Fact]
    public void Should_plan_nothing_when_the_order_earns_no_points()
    {
        Assert.Null(Policy().Plan(Order(0.99m)));
    }

    [Fact]
    public void Should_hash_the_same_order_alike_and_a_changed_amount_differently()
    {
        var policy = Policy();

        Assert.Equal(policy.Plan(Order(42.50m))!.Primary.PayloadHash, policy.Plan(Order(42.5m))!.Primary.PayloadHash);
        Assert.NotEqual(policy.Plan(Order(42.50m))!.Primary.PayloadHash, policy.Plan(Order(43m))!.Primary.PayloadHash);
    }

    [Theory]
    [InlineData(-1, "USD", "negative")]
    [InlineData(10, "XYZ", "currency 'XYZ' is not configured")]
    [InlineData(10, "", "currency is required")]
    [InlineData(10_001, "USD", "above the per-transaction cap of 10000")]
    public void Should_reject_with_a_readable_reason_when_the_order_is_invalid(decimal amount, string currency, string reason)
    {
        var error = Assert.Throws<MessageRejectedException>(() => Policy().Plan(Order(amount, currency)));

        Assert.Equal("validation", error.ReasonCode);
        Assert.Contains(reason, error.Message, StringComparison.Ordinal);
        Assert.Contains("The ledger is unchanged", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Should_name_every_missing_field_when_fields_are_missing()
    {
        var error = Assert.Throws<MessageRejectedException>(() => Policy().Plan(new OrderCompleted(null!, "", 5m, "USD", default)));

        Assert.Contains("orderId is required", error.Message, StringComparison.Ordinal);
        Assert.Contains("userId is required", error.Message, StringComparison.Ordinal);
        Assert.Contains("occurredAt is required", error.Message, StringComparison.Ordinal);
    }
}
