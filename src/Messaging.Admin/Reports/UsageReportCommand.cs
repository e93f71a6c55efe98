using System.CommandLine;
using Messaging.Ledger.Quotas;

namespace Messaging.Admin.Reports;

// Seed 004's usage report.
internal static class UsageReportCommand
{
    public static Command Create(AdminContext context)
    {
        var by = new Option<string>("--by") { Description = "Grouping: feature.", DefaultValueFactory = _ => "feature" };
        by.AcceptOnlyFromAmong("feature");
        var month = new Option<string?>("--month") { Description = "A quota month (yyyy-MM); default: the current one." };
        month.Validators.Add(r =>
        {
            if (r.GetValueOrDefault<string?>() is { } value && !QuotaMonth.IsMonth(value))
            {
                r.AddError($"--month must be a month as yyyy-MM, such as 2026-11 (got '{value}').");
            }
        });
        var command = new Command("usage", "Tokens used per feature in a quota month: uses, tokens, users.") { by, month };
        command.SetAction(
            async (result, cancellationToken) =>
            {
                var shown = result.GetValue(month) ?? QuotaMonth.Of(DateTimeOffset.UtcNow, context.Settings.Quotas.Zone);
                await using var dataSource = context.DataSource(result);
                var rows = await new QuotaQueries(dataSource).UsageByFeatureAsync(shown, cancellationToken);
                if (context.WantsJson(result))
                {
                    await context.WriteJsonAsync(rows);
                    return ExitCodes.Ok;
                }

                await context.Output.WriteLineAsync($"{"feature", -30} {"uses", 10} {"tokens", 12} {"users", 8}");
                foreach (var row in rows)
                {
                    await context.Output.WriteLineAsync($"{row.Feature, -30} {row.Uses, 10} {row.Tokens, 12} {row.Users, 8}");
                }

                await context.Output.WriteLineAsync($"{shown}: {rows.Sum(r => r.Tokens)} tokens in {rows.Sum(r => r.Uses)} uses");
                return ExitCodes.Ok;
            }
        );
        return command;
    }
}
