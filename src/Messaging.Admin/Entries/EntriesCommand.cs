using System.CommandLine;
using Messaging.Ledger.Queries;

namespace Messaging.Admin.Entries;

internal static class EntriesCommand
{
    public static Command Create(AdminContext context)
    {
        var type = new Option<string?>("--type") { Description = "Only entries of this type (earned, redeemed, recognition, …)." };
        var since = InstantOption.Create(
            "--since",
            "Only entries recorded at or after this instant (ISO 8601, UTC unless it has an offset)."
        );
        var until = InstantOption.Create("--until", "Only entries recorded before this instant (ISO 8601, UTC unless it has an offset).");
        var user = new Option<string?>("--user") { Description = "Only entries that post to this user's wallet." };
        var tenant = new Option<string?>("--tenant") { Description = "Only entries that post to any account of this tenant." };
        var limit = new Option<int>("--limit") { Description = "Entries per page, 1 to 1000.", DefaultValueFactory = _ => 50 };
        limit.Validators.Add(r =>
        {
            if (r.GetValueOrDefault<int>() is < 1 or > 1000)
            {
                r.AddError($"--limit must be between 1 and 1000 (got {r.GetValueOrDefault<int>()}).");
            }
        });
        var before = new Option<long?>("--before")
        {
            Description = "The next page: entries older than this id (the previous page ends by printing it).",
        };
        var command = new Command(
            "entries",
            "List the whole journal, newest first, with each entry's postings, filtered by type, time, user or tenant, a page at a time."
        )
        {
            type,
            since,
            until,
            user,
            tenant,
            limit,
            before,
        };
        command.SetAction(
            async (result, cancellationToken) =>
            {
                var filter = new EntryFilter(
                    result.GetValue(type),
                    result.GetValue(since),
                    result.GetValue(until),
                    result.GetValue(user),
                    result.GetValue(tenant)
                );
                if (filter.Since >= filter.Until)
                {
                    await context.Error.WriteLineAsync(
                        $"--since ({filter.Since:u}) must be before --until ({filter.Until:u}): no entry could be in between."
                    );
                    return ExitCodes.Usage;
                }

                await using var dataSource = context.DataSource(result);
                var page = await new LedgerQueries(dataSource).EntriesAsync(
                    filter,
                    result.GetValue(limit),
                    result.GetValue(before),
                    cancellationToken
                );
                if (context.WantsJson(result))
                {
                    await context.WriteJsonAsync(page);
                    return ExitCodes.Ok;
                }

                await EntryLines.WriteAsync(context.Output, page.Entries);
                await context.Output.WriteLineAsync(
                    page.Next is { } next
                        ? $"{page.Entries.Count} entries; the next page: add --before {next}"
                        : $"{page.Entries.Count} entr{(page.Entries.Count == 1 ? "y" : "ies")}; no more"
                );
                return ExitCodes.Ok;
            }
        );
        return command;
    }
}
