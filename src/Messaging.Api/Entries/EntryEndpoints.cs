using Messaging.Api.Errors;
using Messaging.Api.Security;
using Messaging.Ledger.Queries;

namespace Messaging.Api.Entries;

public static class EntryEndpoints
{
    public static void MapEntryEndpoints(this IEndpointRouteBuilder app) =>
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
