using System.CommandLine;
using System.Globalization;
using Messaging.Ledger.Queries;

namespace Messaging.Admin.Balances;

internal static class BalanceCommand
{
    public static Command Create(AdminContext context)
    {
        var user = new Argument<string>("user") { Description = "The user id, as publishers send it." };
        var atOption = InstantOption.Create(
            "--at",
            "Show the points as of this instant instead (ISO 8601, UTC unless it has an offset: 2026-06-30T23:59:59Z), "
                + "summed from the postings recorded until then, inclusive."
        );
        var command = new Command(
            "balance",
            "Show a user's points: current, held by pending redemptions, available (current - held), "
                + "lifetime earned and redeemed, last earned."
        )
        {
            user,
            atOption,
        };
        command.SetAction(
            async (result, cancellationToken) =>
            {
                await using var dataSource = context.DataSource(result);
                if (result.GetValue(atOption) is { } at)
                {
                    return await ShowAtAsync(context, result, dataSource, result.GetValue(user)!, at, cancellationToken);
                }

                if (await new LedgerQueries(dataSource).UserFiguresAsync(result.GetValue(user)!, cancellationToken) is not { } figures)
                {
                    await context.Error.WriteLineAsync(NoWallet(result.GetValue(user)!));
                    return ExitCodes.NotFound;
                }
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
                    await context.Output.WriteLineAsync($"lifetime refunded {figures.LifetimeRefunded}");
                    await context.Output.WriteLineAsync($"lifetime expired  {figures.LifetimeExpired}");
                    await context.Output.WriteLineAsync(
                        "last earned at    "
                            + $"{figures.LastEarnedAt?.ToString("u", System.Globalization.CultureInfo.InvariantCulture) ?? "never"}"
                    );
                }

                return ExitCodes.Ok;
            }
        );
        return command;
    }

    private static string NoWallet(string userId) =>
        $"No wallet for user '{userId}': nothing was ever credited to it. Check the id (it is case-sensitive).";

    private static async Task<int> ShowAtAsync(
        AdminContext context,
        ParseResult result,
        Npgsql.NpgsqlDataSource dataSource,
        string userId,
        DateTimeOffset at,
        CancellationToken cancellationToken
    )
    {
        if (await new LedgerQueries(dataSource).BalanceAtAsync(userId, at, cancellationToken) is not { } balance)
        {
            await context.Error.WriteLineAsync(NoWallet(userId));
            return ExitCodes.NotFound;
        }

        if (context.WantsJson(result))
        {
            await context.WriteJsonAsync(balance);
            return ExitCodes.Ok;
        }

        await context.Output.WriteLineAsync($"user              {balance.UserId}");
        await context.Output.WriteLineAsync($"as of             {balance.At.ToString("u", CultureInfo.InvariantCulture)}");
        await context.Output.WriteLineAsync($"points            {balance.Points}");
        await context.Output.WriteLineAsync($"credited          {balance.Credited}");
        await context.Output.WriteLineAsync($"debited           {balance.Debited}");
        await context.Output.WriteLineAsync($"postings          {balance.Postings}");
        return ExitCodes.Ok;
    }
}
