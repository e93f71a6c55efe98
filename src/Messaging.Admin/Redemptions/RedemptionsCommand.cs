using System.CommandLine;
using System.Globalization;
using Messaging.Ledger.Queries;

namespace Messaging.Admin.Redemptions;

internal static class RedemptionsCommand
{
    public static Command Create(AdminContext context)
    {
        var user = new Argument<string>("user") { Description = "The user id, as publishers send it." };
        var limit = new Option<int>("--limit")
        {
            Description = "How many redemptions to show, newest first.",
            DefaultValueFactory = _ => 50,
        };
        limit.Validators.Add(r =>
        {
            if (r.GetValue(limit) is < 1 or > 10_000)
            {
                r.AddError("--limit must be between 1 and 10000.");
            }
        });
        var command = new Command(
            "redemptions",
            "Show a user's completed redemptions, newest first: reward, points, status, voucher code, expiry, use."
        )
        {
            user,
            limit,
        };
        command.SetAction(
            async (result, cancellationToken) =>
            {
                await using var dataSource = context.DataSource(result);
                var redemptions = await new LedgerQueries(dataSource).RedemptionsAsync(
                    result.GetValue(user)!,
                    result.GetValue(limit),
                    cancellationToken
                );

                if (context.WantsJson(result))
                {
                    await context.WriteJsonAsync(redemptions);
                    return ExitCodes.Ok;
                }

                foreach (var r in redemptions)
                {
                    await context.Output.WriteLineAsync(
                        $"{Format(r.RedeemedAt)}  {r.Id}  {r.RewardId} ({r.RewardName})  {r.Points} points  "
                            + $"{r.Status, -7}  voucher {r.VoucherCode ?? "-"}  expires {Format(r.ExpiresAt)}  used "
                            + $"{(r.UsedAt is { } used ? Format(used) : "no")}"
                    );
                }

                await context.Output.WriteLineAsync($"{redemptions.Count} redemption(s) for user '{result.GetValue(user)}'");
                return ExitCodes.Ok;
            }
        );
        return command;
    }

    private static string Format(DateTimeOffset at) => at.ToString("u", CultureInfo.InvariantCulture);
}
