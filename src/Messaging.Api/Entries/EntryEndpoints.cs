using Messaging.Api.Errors;
using Messaging.Api.Security;
using Messaging.Ledger.Queries;

namespace Messaging.Api.Entries;

public static class EntryEndpoints
{
    public static void MapEntryEndpoints(this IEndpointRouteBuilder app)
    {
        app.MapGet(
                "/api/v1/entries",
                async (
                    string? type,
                    string? since,
                    string? until,
                    string? user,
                    string? tenant,
                    int? limit,
                    long? before,
                    LedgerQueries queries,
                    CancellationToken cancellationToken
                ) =>
                {
                    if (BadRequest.UnlessBetween(limit ?? 50, 1000, "limit") is { } badLimit)
                    {
                        return badLimit;
                    }

                    DateTimeOffset? from = null,
                        to = null;
                    if (since is not null)
                    {
                        if (!Instant.TryParse(since, out var instant))
                        {
                            return BadRequest.Because($"since must be {Instant.Expected} (got '{since}').");
                        }

                        from = instant;
                    }

                    if (until is not null)
                    {
                        if (!Instant.TryParse(until, out var instant))
                        {
                            return BadRequest.Because($"until must be {Instant.Expected} (got '{until}').");
                        }

                        to = instant;
                    }

                    if (from >= to)
                    {
                        return BadRequest.Because($"since ({from:u}) must be before until ({to:u}): no entry could be in between.");
                    }

                    var filter = new EntryFilter(type, from, to, user, tenant);
                    return Results.Ok(await queries.EntriesAsync(filter, limit ?? 50, before, cancellationToken));
                }
            )
            .WithTags("Entries")
            .RequireAuthorization(ApiRoles.CanRead)
            .WithSummary(
                "The whole journal, newest first, each entry with its postings, filtered by type, since, until, user or tenant; "
                    + "a page at a time: pass the page's next as before (CLI: entries)."
            );

        app.MapGet("/api/v1/entries/{keyOrId}", async (string keyOrId, LedgerQueries queries, CancellationToken cancellationToken) =>
                await queries.EntryAsync(keyOrId, cancellationToken) is { } entry
                    ? Results.Ok(entry)
                    : BadRequest.NotFound(
                        $"No journal entry has the key or id '{keyOrId}'. Keys look like order:o-1 or "
                            + "attendance:e1:alice; `history` lists a user's."
                    )
            )
            .WithTags("Entries")
            .RequireAuthorization(ApiRoles.CanRead)
            .WithSummary("A journal entry and its postings, by idempotency key or numeric id (CLI: entry).");
    }
}
