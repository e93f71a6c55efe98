using System.ComponentModel.DataAnnotations;
using Messaging.Ledger.Attendance;
using Messaging.Processing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Messaging.UnitTests.Attendance;

public sealed class AttendanceOptionsTests
{
    [Fact]
    public void Should_accept_the_defaults()
    {
        Assert.Empty(Problems(new AttendanceOptions()));
    }

    [Theory]
    [InlineData("0,10,5", "never decreases")]
    [InlineData("0,ten", "never decreases")]
    [InlineData("", "never decreases")]
    public void Should_refuse_a_bonus_table_that_could_take_points_back(string bonuses, string expected)
    {
        var problem = Assert.Single(Problems(new AttendanceOptions { StreakBonuses = bonuses }));

        Assert.Contains("Attendance:StreakBonuses", problem, StringComparison.Ordinal);
        Assert.Contains(expected, problem, StringComparison.Ordinal);
    }

    [Fact]
    public void Should_name_a_badge_whose_thresholds_do_not_rise_or_are_not_five()
    {
        var options = new AttendanceOptions();
        options.Badges["regular"].Thresholds = "3,3,25,50,100";
        options.Badges["event-explorer"].Thresholds = "2,3";

        var problems = Problems(options);

        Assert.Contains(problems, p => p.StartsWith("Attendance:Badges:regular:Thresholds", StringComparison.Ordinal));
        Assert.Contains(problems, p => p.StartsWith("Attendance:Badges:event-explorer:Thresholds", StringComparison.Ordinal));
    }

    [Fact]
    public void Should_replace_the_default_lists_from_settings_rather_than_add_to_them()
    {
        var options = Bound(
            new Dictionary<string, string?>
            {
                ["Attendance:StreakBonuses"] = "0,5",
                ["Attendance:Badges:regular:Thresholds"] = "1,2,3,4,5",
                ["Attendance:PointsByEventType:workshop"] = "25",
            }
        );

        var rules = options.Rules();
        Assert.Equal([0L, 5L], rules.StreakBonuses);
        Assert.Equal([1L, 2L, 3L, 4L, 5L], rules.Badges.Single(b => b.Code == "regular").Thresholds);
        Assert.Equal(25, options.PointsFor("workshop"));
        Assert.Equal(10, options.PointsFor("hike"));
    }

    [Fact]
    public void Should_bind_a_badge_that_counts_one_event_type_and_name_one_that_does_not_say_which()
    {
        var options = Bound(
            new Dictionary<string, string?>
            {
                ["Attendance:Badges:trivia-master:Name"] = "Trivia Master",
                ["Attendance:Badges:trivia-master:Measure"] = "EventTypeAttendances",
                ["Attendance:Badges:trivia-master:EventType"] = "trivia",
                ["Attendance:Badges:trivia-master:Thresholds"] = "1,3,5,10,20",
            }
        );

        var trivia = options.Rules().Badges.Single(b => b.Code == "trivia-master");
        Assert.Equal(BadgeMeasure.EventTypeAttendances, trivia.Measure);
        Assert.Equal("trivia", trivia.EventType);
        // The three of seed 003 stay as they were: a new badge is opt-in.
        Assert.Equal(4, options.Rules().Badges.Count);

        var unnamed = new AttendanceOptions();
        unnamed.Badges["social-butterfly"] = new BadgeOptions
        {
            Name = "Social Butterfly",
            Measure = BadgeMeasure.EventTypeAttendances,
            Thresholds = "1,2,3,4,5",
        };
        Assert.Contains(Problems(unnamed), p =>
            p.StartsWith("Attendance:Badges:social-butterfly:EventType is empty", StringComparison.Ordinal)
        );
    }

    // As the processor binds them: the settings over the defaults.
    private static AttendanceOptions Bound(Dictionary<string, string?> settings) =>
        new ServiceCollection()
            .AddProcessorOptions(new ConfigurationBuilder().AddInMemoryCollection(settings).Build())
            .BuildServiceProvider()
            .GetRequiredService<IOptions<AttendanceOptions>>()
            .Value;

    private static List<string> Problems(AttendanceOptions options) =>
        [.. options.Validate(new ValidationContext(options)).Select(r => r.ErrorMessage!)];
}
