using System.CommandLine;
using System.Globalization;
using Spectre.Console;

namespace Messaging.Admin.Summaries;

/// <summary><c>summary</c>: totals and the top users by points (seed 000's <c>--summary</c>).</summary>
internal static class SummaryCommand
{
    private const string TotalsSql = """
        SELECT count(*), coalesce(sum(current_points), 0), coalesce(sum(lifetime_earned), 0), coalesce(sum(lifetime_redeemed), 0)
        FROM user_points
        """;

    private const string TopSql = """
        SELECT user_id, current_points, lifetime_earned FROM user_points
        ORDER BY current_points DESC, user_id LIMIT @top
        """;

    public static Command Create(AdminContext context)
    {
        var top = new Option<int>("--top") { Description = "How many users to list (by current points).", DefaultValueFactory = _ => 10 };
        top.Validators.Add(r =>
        {
            if (r.GetValue(top) is < 1 or > 10_000)
            {
                r.AddError("--top must be between 1 and 10000.");
            }
        });
        var command = new Command("summary", "Show totals over all users and the top users by current points.") { top };
        command.SetAction(async (result, cancellationToken) =>
        {
            await using var dataSource = context.DataSource(result);
            Summary summary;
            await using (var totals = dataSource.CreateCommand(TotalsSql))
            await using (var reader = await totals.ExecuteReaderAsync(cancellationToken))
            {
                await reader.ReadAsync(cancellationToken);
                summary = new Summary(reader.GetInt64(0), reader.GetInt64(1), reader.GetInt64(2), reader.GetInt64(3), []);
            }

            var users = new List<SummaryUser>();
            await using (var list = dataSource.CreateCommand(TopSql))
            {
                list.Parameters.AddWithValue("top", result.GetValue(top));
                await using var reader = await list.ExecuteReaderAsync(cancellationToken);
                while (await reader.ReadAsync(cancellationToken))
                {
                    users.Add(new SummaryUser(reader.GetString(0), reader.GetInt64(1), reader.GetInt64(2)));
                }
            }

            summary = summary with { TopUsers = users };
            if (context.WantsJson(result))
            {
                await context.WriteJsonAsync(summary);
                return ExitCodes.Ok;
            }

            await context.Output.WriteLineAsync($"users {summary.Users}, current points {summary.CurrentPoints}, lifetime earned {summary.LifetimeEarned}, lifetime redeemed {summary.LifetimeRedeemed}");
            if (context.Interactive(result))
            {
                var table = new Table().AddColumn("user").AddColumn(new TableColumn("current").RightAligned()).AddColumn(new TableColumn("earned").RightAligned());
                foreach (var user in users)
                {
                    table.AddRow(Markup.Escape(user.UserId), user.CurrentPoints.ToString(CultureInfo.InvariantCulture), user.LifetimeEarned.ToString(CultureInfo.InvariantCulture));
                }

                AnsiConsole.Write(table);
                return ExitCodes.Ok;
            }

            await context.Output.WriteLineAsync($"{"user",-30} {"current",12} {"earned",12}");
            foreach (var user in users)
            {
                await context.Output.WriteLineAsync($"{user.UserId,-30} {user.CurrentPoints,12} {user.LifetimeEarned,12}");
            }

            return ExitCodes.Ok;
        });
        return command;
    }
}
