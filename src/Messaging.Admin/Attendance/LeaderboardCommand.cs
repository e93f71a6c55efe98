using System.CommandLine;
using Messaging.Ledger.Attendance;
using Messaging.Ledger.Tenants;

namespace Messaging.Admin.Attendance;

internal static class LeaderboardCommand
{
    public static Command Create(AdminContext context)
    {
        var period = new Option<string>("--period")
        {
            Description = "week (ISO, Monday to Sunday), month or all.",
            DefaultValueFactory = _ => "week",
        };
        period.AcceptOnlyFromAmong([.. LeaderboardPeriod.Kinds]);
        var tenant = new Option<string?>("--tenant") { Description = "Only this tenant's events, weeks and months in its time zone." };
        var top = new Option<int>("--top")
        {
            Description = "How many ranks to show (1-1000); users tied at the last rank are all shown.",
            DefaultValueFactory = _ => 10,
        };
        top.Validators.Add(r =>
        {
            if (r.GetValueOrDefault<int>() is < 1 or > 1000)
            {
                r.AddError($"--top must be between 1 and 1000 (got {r.GetValueOrDefault<int>()}).");
            }
        });
        var at = InstantOption.Create("--at", "A date or time in the period to show (ISO 8601, such as 2026-11-02); default: now.");
        var command = new Command(
            "leaderboard",
            "Users ranked by the points attendance earned them (attending, streak bonuses, badges) in a week, a month or all time."
        )
        {
            period,
            tenant,
            top,
            at,
        };
        command.SetAction(
            async (result, cancellationToken) =>
            {
                var now = DateTimeOffset.UtcNow;
                await using var dataSource = context.DataSource(result);
                var zone = context.Settings.Attendance.Zone;
                var tenantId = result.GetValue(tenant);
                if (tenantId is not null)
                {
                    if (await new TenantDirectory(dataSource).FindAsync(tenantId, cancellationToken) is not { } found)
                    {
                        await context.Error.WriteLineAsync(
                            $"No tenant '{tenantId}' is registered (ids are case-sensitive). `tenants` lists them."
                        );
                        return ExitCodes.NotFound;
                    }

                    zone = TimeZoneInfo.FindSystemTimeZoneById(found.TimeZone);
                }

                var moment = result.GetValue(at) ?? now;
                var board = await new AttendanceQueries(dataSource).LeaderboardAsync(
                    LeaderboardPeriod.Of(result.GetValue(period)!, moment, zone),
                    tenantId,
                    result.GetValue(top),
                    now,
                    cancellationToken
                );
                if (context.WantsJson(result))
                {
                    await context.WriteJsonAsync(
                        new
                        {
                            period = board.Period.Kind,
                            name = board.Period.Name,
                            from = board.Period.From,
                            to = board.Period.To,
                            timeZone = zone.Id,
                            tenantId,
                            board.Closed,
                            board.Amended,
                            board.LateChanges,
                            board.LastAmendedAt,
                            rows = board.Rows,
                        }
                    );
                    return ExitCodes.Ok;
                }

                await context.Output.WriteLineAsync(
                    $"Leaderboard, {Describe(board, zone)}{(tenantId is null ? "" : $", tenant {tenantId}")}: {Status(board)}"
                );
                if (board.Rows.Count == 0)
                {
                    await context.Output.WriteLineAsync("  nobody earned attendance points in this period");
                }

                foreach (var row in board.Rows)
                {
                    await context.Output.WriteLineAsync(
                        $"  {row.Rank, 4}. {row.UserId, -30} {row.Points, 10} points  ({row.Attendances} attendance(s))"
                    );
                }

                return ExitCodes.Ok;
            }
        );
        return command;
    }

    private static string Describe(Leaderboard board, TimeZoneInfo zone) =>
        board.Period.From is { } from && board.Period.To is { } to
            ? $"{board.Period.Kind} {board.Period.Name} ({from:yyyy-MM-dd} to {to.AddDays(-1):yyyy-MM-dd}, {zone.Id})"
            : "all time";

    private static string Status(Leaderboard board) =>
        !board.Closed ? "open, still changing"
        : board.Amended ? $"closed, AMENDED: {board.LateChanges} payment(s) recorded after it closed, the latest at {board.LastAmendedAt:u}"
        : "closed, final";
}
