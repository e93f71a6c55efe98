using System.CommandLine;

namespace Messaging.Admin.Balances;

/// <summary><c>balance USER</c>: a user's figures (seed 001's current, lifetime earned and redeemed, last earned; held by pending redemptions and available).</summary>
internal static class BalanceCommand
{
    private const string Sql = """
        SELECT user_id, current_points, held_points, available_points, lifetime_earned, lifetime_redeemed, last_earned_at
        FROM user_points WHERE user_id = @user
        """;

    public static Command Create(AdminContext context)
    {
        var user = new Argument<string>("user") { Description = "The user id, as publishers send it." };
        var command = new Command("balance", "Show a user's points: current, held by pending redemptions, available (current - held), lifetime earned and redeemed, last earned.") { user };
        command.SetAction(async (result, cancellationToken) =>
        {
            await using var dataSource = context.DataSource(result);
            await using var query = dataSource.CreateCommand(Sql);
            query.Parameters.AddWithValue("user", result.GetValue(user)!);
            await using var reader = await query.ExecuteReaderAsync(cancellationToken);
            if (!await reader.ReadAsync(cancellationToken))
            {
                await context.Error.WriteLineAsync($"No wallet for user '{result.GetValue(user)}': nothing was ever credited to it. Check the id (it is case-sensitive).");
                return ExitCodes.NotFound;
            }

            var figures = new UserFigures(reader.GetString(0), reader.GetInt64(1), reader.GetInt64(2), reader.GetInt64(3), reader.GetInt64(4), reader.GetInt64(5),
                reader.IsDBNull(6) ? null : reader.GetFieldValue<DateTimeOffset>(6));
            if (context.WantsJson(result))
            {
                await context.WriteJsonAsync(figures);
            }
            else
            {
                await context.Output.WriteLineAsync($"user              {figures.UserId}");
                await context.Output.WriteLineAsync($"current points    {figures.CurrentPoints}");
                await context.Output.WriteLineAsync($"held points       {figures.HeldPoints}");
                await context.Output.WriteLineAsync($"available points  {figures.AvailablePoints}");
                await context.Output.WriteLineAsync($"lifetime earned   {figures.LifetimeEarned}");
                await context.Output.WriteLineAsync($"lifetime redeemed {figures.LifetimeRedeemed}");
                await context.Output.WriteLineAsync($"last earned at    {figures.LastEarnedAt?.ToString("u", System.Globalization.CultureInfo.InvariantCulture) ?? "never"}");
            }

            return ExitCodes.Ok;
        });
        return command;
    }
}
