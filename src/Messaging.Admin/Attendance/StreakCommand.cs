using System.CommandLine;
using Messaging.Ledger.Attendance;

namespace Messaging.Admin.Attendance;

internal static class StreakCommand
{
    public static Command Create(AdminContext context)
    {
        var user = new Argument<string>("user") { Description = "The user whose streak to show." };
        var limit = new Option<int>("--limit")
        {
            Description = "How many of the latest attended weeks to list (1-1000).",
            DefaultValueFactory = _ => 12,
        };
        limit.Validators.Add(r =>
        {
            if (r.GetValueOrDefault<int>() is < 1 or > 1000)
            {
                r.AddError($"--limit must be between 1 and 1000 (got {r.GetValueOrDefault<int>()}).");
            }
        });
        var command = new Command(
            "streak",
            "A user's weekly attendance streak (current and longest) and their attended weeks, newest first, with the bonus each paid."
        )
        {
            user,
            limit,
        };
        command.SetAction(
            async (result, cancellationToken) =>
            {
                var userId = result.GetValue(user)!;
                var zone = context.Settings.Attendance.Zone;
                await using var dataSource = context.DataSource(result);
                if (
                    await new AttendanceQueries(dataSource).StreakAsync(userId, DateTimeOffset.UtcNow, zone, cancellationToken)
                    is not { } streak
                )
                {
                    await context.Error.WriteLineAsync(
                        $"{userId} has no attendance on record (user ids are case-sensitive); `history {userId}` shows what else they have."
                    );
                    return ExitCodes.NotFound;
                }

                var weeks = streak.Weeks.Take(result.GetValue(limit)).ToList();
                if (context.WantsJson(result))
                {
                    await context.WriteJsonAsync(streak with { Weeks = weeks });
                    return ExitCodes.Ok;
                }

                await context.Output.WriteLineAsync(
                    $"{userId}: current streak {streak.Current} week(s) (last attended "
                        + $"{streak.LastAttendedWeek}, weeks in {zone.Id}), longest {streak.Longest}; "
                        + $"{streak.Weeks.Count} attended week(s), {streak.Attendances} attendance(s), "
                        + $"{streak.BonusesPaid} points of streak bonuses"
                );
                foreach (var week in weeks)
                {
                    await context.Output.WriteLineAsync(
                        $"  {week.Week}  streak {week.StreakLength, 3}  bonus {week.BonusPaid, 6}  ({week.Attendances} attendance(s))"
                    );
                }

                return ExitCodes.Ok;
            }
        );
        return command;
    }
}
