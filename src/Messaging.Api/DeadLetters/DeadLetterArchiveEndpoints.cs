using Messaging.Api.Commands;
using Messaging.Api.Security;
using Messaging.Operations.Broker;
using Messaging.Operations.DeadLetters;

namespace Messaging.Api.DeadLetters;

// The CLI's dlq restore over HTTP: the archives the API's purges (and its retention) wrote, and the way back from a purge made too
// early, through the same DeadLetterOperations. The ledger applies each message once by its key, so a message restored that was applied
// meanwhile changes nothing. Every restore is recorded in operator_actions with the caller's identity.
public static class DeadLetterArchiveEndpoints
{
    public static void MapDeadLetterArchiveEndpoints(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/v1/dead-letters/archives").WithTags("Dead letters").RequireAuthorization(ApiRoles.CanOperate);

        group
            .MapGet("", (DeadLetterDesk desk) => Results.Ok(new { archives = desk.Archives() }))
            .WithSummary("The purge archives this API wrote, newest first: each name is what a restore names. Changes nothing.");

        group
            .MapPost(
                "/{name}/restore",
                (string name, ArchiveRestoreRequest request, HttpContext http, DeadLetterDesk desk, CancellationToken cancellationToken) =>
                    RestoreAsync(name, request, Caller.NameOf(http.User), desk, cancellationToken)
            )
            .WithSummary(
                "Publish the messages of a purge archive (or the one with messageId) back to the queues they failed in, each with its "
                    + "id, type and headers less its failure (CLI: dlq restore). dryRun: true says how many go where; a restore needs "
                    + "confirm: true."
            );
    }

    private static async Task<IResult> RestoreAsync(
        string name,
        ArchiveRestoreRequest request,
        string caller,
        DeadLetterDesk desk,
        CancellationToken cancellationToken
    )
    {
        if (desk.ArchivePath(name) is not { } path)
        {
            return Results.Problem(
                title: "Not found",
                detail: $"There is no purge archive '{name}' here: name one that GET /api/v1/dead-letters/archives lists (a file name, "
                    + "not a path). An archive the CLI wrote is restored with `dlq restore FILE`.",
                statusCode: StatusCodes.Status404NotFound
            );
        }

        var messageId = string.IsNullOrWhiteSpace(request.MessageId) ? null : request.MessageId.Trim();
        IReadOnlyList<ArchivedLetter> letters;
        try
        {
            letters = await DeadLetterOperations.ReadArchiveAsync(path, messageId, cancellationToken);
        }
        catch (BrokerProblemException problem)
        {
            return DeadLetterProblems.Of(problem);
        }

        if (messageId is not null && letters.Count == 0)
        {
            return Results.Problem(
                title: "Not found",
                detail: $"The archive '{name}' holds no message {messageId}: check the id (the purge's messageIds list them).",
                statusCode: StatusCodes.Status404NotFound
            );
        }

        var queues = letters
            .GroupBy(l => l.SourceQueue, StringComparer.Ordinal)
            .Select(g => new ArchiveRestoreQueue(g.Key, g.Count()))
            .ToList();
        if (request.DryRun || letters.Count == 0)
        {
            return Results.Ok(new ArchiveRestoreReport(true, letters.Count, 0, queues));
        }

        if (!request.Confirm)
        {
            return Results.Problem(
                title: "Not confirmed",
                detail: $"{letters.Count} message(s) would be restored to "
                    + string.Join(", ", queues.Select(q => $"{q.Queue} ({q.Count})"))
                    + ": nothing was published. Send confirm: true.",
                statusCode: StatusCodes.Status409Conflict
            );
        }

        if (!desk.CanRecord)
        {
            return OperatorDatabase.NotConfigured("Dead-letter actions");
        }

        return await DeadLetterEndpoints.WithOperationsAsync(
            desk,
            async operations =>
            {
                var (restored, failure) = await operations.RestoreAsync(letters, cancellationToken);
                await desk.RecordAsync(
                    caller,
                    "dlq-restore",
                    new
                    {
                        archive = name,
                        messageId,
                        restored,
                        messageIds = letters.Take(restored).Select(l => l.MessageId),
                    },
                    failure?.Message ?? $"restored {restored} message(s)",
                    cancellationToken
                );
                return failure is null
                    ? Results.Ok(new ArchiveRestoreReport(false, letters.Count, restored, queues))
                    : DeadLetterProblems.Of(
                        new BrokerProblemException(
                            failure.Kind,
                            $"{failure.Message} {restored} message(s) were restored before it.",
                            failure
                        )
                    );
            },
            cancellationToken
        );
    }
}
