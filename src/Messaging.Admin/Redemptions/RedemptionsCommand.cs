using System.CommandLine;
using System.Globalization;

namespace Messaging.Admin.Redemptions;

/// <summary><c>redemptions USER [--limit N]</c>: the user's completed redemptions, newest first.</summary>
internal static class RedemptionsCommand
{
    private const string Sql = """
        SELECT id, reward_id, reward_name, points, status, voucher_code, redeemed_at, expires_at, used_at
        FROM redemptions WHERE user_id = @user
        ORDER BY redeemed_at DESC, id
        LIMIT @limit
        """;

    public static Command Create(AdminContext context)
    {
        var user = new Argument<string>("user") { Description = "The user id, as publishers send it." };
        var limit = new Option<int>("--limit") { Description = "How many redemptions to show, newest first.", DefaultValueFactory = _ => 50 };
        limit.Validators.Add(r =>
        {
            if (r.GetValue(limit) is < 1 or > 10_000)
            {
                r.AddError("--limit must be between 1 and 10000.");
            }
        });
        var command = new Command("redemptions", "Show a user's completed redemptions, newest first: reward, points, status, voucher code, expiry, use.") { user, limit };
        command.SetAction(async (result, cancellationToken) =>
        {
            await using var dataSource = context.DataSource(result);
            await using var query = dataSource.CreateCommand(Sql);
            query.Parameters.AddWithValue("user", result.GetValue(user)!);
            query.Parameters.AddWithValue("limit", result.GetValue(limit));
            var redemptions = new List<RedemptionRow>();
            await using (var reader = await query.ExecuteReaderAsync(cancellationToken))
            {
                while (await reader.ReadAsync(cancellationToken))
                {
                    redemptions.Add(new RedemptionRow(reader.GetGuid(0), reader.GetString(1), reader.GetString(2), reader.GetInt64(3), reader.GetString(4),
                        reader.IsDBNull(5) ? null : reader.GetString(5), reader.GetFieldValue<DateTimeOffset>(6), reader.GetFieldValue<DateTimeOffset>(7),
                        reader.IsDBNull(8) ? null : reader.GetFieldValue<DateTimeOffset>(8)));
                }
            }

            if (context.WantsJson(result))
            {
                await context.WriteJsonAsync(redemptions);
                return ExitCodes.Ok;
            }

            foreach (var r in redemptions)
            {
                await context.Output.WriteLineAsync(
                    $"{Format(r.RedeemedAt)}  {r.Id}  {r.RewardId} ({r.RewardName})  {r.Points} points  {r.Status,-7}  voucher {r.VoucherCode ?? "-"}  expires {Format(r.ExpiresAt)}  used {(r.UsedAt is { } used ? Format(used) : "no")}");
            }

            await context.Output.WriteLineAsync($"{redemptions.Count} redemption(s) for user '{result.GetValue(user)}'");
            return ExitCodes.Ok;
        });
        return command;
    }

    private static string Format(DateTimeOffset at) => at.ToString("u", CultureInfo.InvariantCulture);
}

/// <summary>The JSON shape of one redemption in <c>redemptions --json</c>.</summary>
internal sealed record RedemptionRow(
    Guid Id, string RewardId, string RewardName, long Points, string Status, string? VoucherCode,
    DateTimeOffset RedeemedAt, DateTimeOffset ExpiresAt, DateTimeOffset? UsedAt);
