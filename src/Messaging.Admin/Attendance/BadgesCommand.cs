using System.CommandLine;
using Messaging.Ledger.Attendance;

namespace Messaging.Admin.Attendance;

internal static class BadgesCommand
{
    public static Command Create(AdminContext context)
    {
        var user = new Argument<string>("user") { Description = "The user whose badges to show." };
        var command = new Command(
            "badges",
            "A user's badge levels (1-5): what each badge counts, the level reached, what the next asks, and when each level was reached."
        )
        {
            user,
        };
        command.SetAction(
            async (result, cancellationToken) =>
            {
                var userId = result.GetValue(user)!;
                var options = context.Settings.Attendance;
                await using var dataSource = context.DataSource(result);
                if (await new AttendanceQueries(dataSource).BadgesAsync(userId, cancellationToken) is not { } badges)
                {
                    await context.Error.WriteLineAsync(
                        $"{userId} has no attendance on record (user ids are case-sensitive); `history {userId}` shows what else they have."
                    );
                    return ExitCodes.NotFound;
                }

                var rules = options.Rules().Badges;
                var rows = rules
                    .Select(rule =>
                    {
                        var levels = badges.Levels.Where(l => l.Badge == rule.Code).ToList();
                        var level = levels.Count == 0 ? 0 : levels.Max(l => l.Level);
                        return new
                        {
                            badge = rule.Code,
                            name = rule.Name,
                            counts = (rule.EventType ?? rule.Achievement) is { } what ? $"{rule.Measure}:{what}" : rule.Measure.ToString(),
                            value = badges.MeasureOf(rule),
                            level,
                            nextLevelAt = level < BadgeRule.Levels ? rule.Thresholds[level] : (long?)null,
                            levels,
                        };
                    })
                    .ToList();
                if (context.WantsJson(result))
                {
                    await context.WriteJsonAsync(
                        new
                        {
                            userId,
                            badges.Attendances,
                            badges.DistinctEventTypes,
                            badges.LongestStreak,
                            badges = rows,
                        }
                    );
                    return ExitCodes.Ok;
                }

                await context.Output.WriteLineAsync(
                    $"{userId}: {badges.Attendances} attendance(s), {badges.DistinctEventTypes} kind(s) of "
                        + $"event, longest streak {badges.LongestStreak} week(s)"
                );
                foreach (var row in rows)
                {
                    var next = row.nextLevelAt is { } at ? $"level {row.level + 1} at {at}" : "top level";
                    await context.Output.WriteLineAsync(
                        $"  {row.name} ({row.badge}): level {row.level} of {BadgeRule.Levels}, {row.counts} {row.value}; {next}"
                    );
                    foreach (var level in row.levels)
                    {
                        await context.Output.WriteLineAsync(
                            $"    level {level.Level} ({level.Threshold}) reached {level.ReachedAt:u}, {level.Points} "
                                + $"points, awarded {level.AwardedAt:u}"
                        );
                    }
                }

                return ExitCodes.Ok;
            }
        );
        return command;
    }
}
