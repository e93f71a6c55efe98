using Messaging.Ledger.Earning;

namespace Messaging.UnitTests;

public sealed class EarningOptionsValidatorTests
{
    [Fact]
    public void Should_name_the_setting_when_no_currency_is_configured()
    {
        var result = new EarningOptionsValidator().Validate(null, new EarningOptions());

        Assert.True(result.Failed);
        Assert.Contains("Earning:PointsPerUnit", result.FailureMessage, StringComparison.Ordinal);
    }

    [Fact]
    public void Should_name_the_setting_when_a_rate_or_bonus_is_out_of_range()
    {
        var options = new EarningOptions { SignupBonus = 20_000 };
        options.PointsPerUnit["USD"] = 0;

        var result = new EarningOptionsValidator().Validate(null, options);

        Assert.Contains("Earning:PointsPerUnit:USD", result.FailureMessage, StringComparison.Ordinal);
        Assert.Contains("Earning:SignupBonus", result.FailureMessage, StringComparison.Ordinal);
    }

    [Fact]
    public void Should_accept_the_shipped_defaults_when_a_currency_is_set()
    {
        var options = new EarningOptions();
        options.PointsPerUnit["USD"] = 1;

        Assert.True(new EarningOptionsValidator().Validate(null, options).Succeeded);
    }
}
