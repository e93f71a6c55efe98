using Messaging.Ledger.Expiry;
using Messaging.Ledger.Journal;

namespace Messaging.UnitTests.Expiry;

public sealed class ExpiryPolicyTests
{
    [Fact]
    public void Should_expire_orders_and_attendance_after_twelve_months_and_recognitions_never_when_not_configured()
    {
        var policy = new ExpiryPolicy(new ExpiryOptions());

        Assert.Equal(12, policy.MonthsOf(EntryTypes.OrderEarned));
        Assert.Equal(12, policy.MonthsOf(EntryTypes.Attendance));
        Assert.Equal(12, policy.MonthsOf(EntryTypes.StreakBonus));
        Assert.Null(policy.MonthsOf(EntryTypes.Recognition));
        Assert.Null(policy.MonthsOf(EntryTypes.RedemptionRefund));
    }

    [Fact]
    public void Should_replace_the_default_types_and_let_one_type_override_or_never_expire_when_configured()
    {
        var policy = new ExpiryPolicy(
            new ExpiryOptions
            {
                Months = 6,
                EntryTypes = [EntryTypes.OrderEarned, EntryTypes.Attendance],
                MonthsByEntryType = { [EntryTypes.Recognition] = 24, [EntryTypes.Attendance] = 0 },
            }
        );

        Assert.Equal(6, policy.MonthsOf(EntryTypes.OrderEarned));
        Assert.Equal(24, policy.MonthsOf(EntryTypes.Recognition));
        Assert.Null(policy.MonthsOf(EntryTypes.Attendance));
        Assert.Null(policy.MonthsOf(EntryTypes.SignupBonus));
    }

    [Fact]
    public void Should_expire_nothing_new_when_disabled()
    {
        Assert.Null(new ExpiryPolicy(new ExpiryOptions { Enabled = false }).MonthsOf(EntryTypes.OrderEarned));
        Assert.Null(ExpiryPolicy.None.MonthsOf(EntryTypes.OrderEarned));
    }

    [Fact]
    public void Should_name_the_setting_and_the_types_to_use_when_a_type_credits_no_wallet()
    {
        var result = new ExpiryOptionsValidator().Validate(
            null,
            new ExpiryOptions { EntryTypes = ["earnd"], MonthsByEntryType = { [EntryTypes.OrderEarned] = -1 } }
        );

        Assert.True(result.Failed);
        Assert.Contains(
            "Expiry:EntryTypes names 'earnd', which credits no wallet; use some of",
            result.FailureMessage,
            StringComparison.Ordinal
        );
        Assert.Contains(
            "Expiry:MonthsByEntryType:earned = -1 must be between 0 (never) and 1200.",
            result.FailureMessage,
            StringComparison.Ordinal
        );
        Assert.True(new ExpiryOptionsValidator().Validate(null, new ExpiryOptions()).Succeeded);
    }

    [Theory]
    [InlineData(new long[] { 100 }, 0, new long[] { 100 })]
    [InlineData(new long[] { 100 }, 30, new long[] { 70 })]
    [InlineData(new long[] { 20, 50 }, 30, new long[] { 0, 40 })]
    [InlineData(new long[] { 20, 50 }, 500, new long[] { 0, 0 })]
    public void Should_keep_the_soonest_expiring_points_for_holds_when_due_lots_expire(long[] due, long held, long[] expiring) =>
        Assert.Equal(expiring, PointsExpiry.Expirable(due, held));
}
