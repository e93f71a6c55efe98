using Messaging.Api.Commands;
using Messaging.Api.Errors;
using Messaging.Api.Security;
using Messaging.Ledger.Corrections;
using Messaging.Operations.Broker;
using Messaging.Operations.DeadLetters;

namespace Messaging.Api.DeadLetters;

// The CLI's dlq commands over HTTP, through the same DeadLetterOperations. Every replay and purge is recorded in operator_actions with
// the caller's identity.
public static class DeadLetterEndpoints
{
    // How many messages a show returns when the caller names no limit, and at most.
    private const int DefaultShown = 100,
        MaxShown = 1000;

    public static void MapDeadLetterEndpoints(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/v1/dead-letters").WithTags("Dead letters").RequireAuthorization(ApiRoles.CanOperate);

        group
            .MapGet("", (DeadLetterDesk desk, CancellationToken cancellationToken) =>
                WithOperationsAsync(desk, async operations => Results.Ok(await operations.ListAsync(cancellationToken)), cancellationToken)
            )
            .WithSummary(
                "Every dead-letter queue with its count, its messages grouped by type and reason (CLI: dlq list). Removes nothing."
            );

        group
            .MapGet(
                "/messages",
                (
                    string? queue,
                    string? type,
                    string? reason,
                    string? group,
                    string? olderThan,
                    int? limit,
                    string? after,
                    DeadLetterDesk desk,
                    CancellationToken cancellationToken
                ) =>
                {
                    if (
                        Criteria(new DeadLetterRequest(queue, type, reason, group, olderThan, limit ?? DefaultShown), MaxShown)
                        is not { } criteria
                    )
                    {
                        return Task.FromResult(Invalid(olderThan, limit, MaxShown));
                    }

                    DeadLetterPageToken? token = null;
                    if (after is not null && !DeadLetterPageToken.TryDecode(after, out token))
                    {
                        return Task.FromResult(
                            BadRequest.Because(
                                $"after '{after}' is not a page token: pass the next of the page before (same filters), or leave it out "
                                    + "for the first page."
                            )
                        );
                    }

                    return WithOperationsAsync(
                        desk,
                        async operations => Results.Ok(await operations.PageAsync(criteria, token, cancellationToken)),
                        cancellationToken
                    );
                }
            )
            .WithSummary(
                "A page of the matching dead-lettered messages with why and when they failed and their bodies (CLI: "
                    + $"dlq show); limit per page ({DefaultShown} unless given, up to {MaxShown}); next, when more follow, is the "
                    + "after of the next page. A page deep in a queue reads up to it only. Removes nothing."
            );

        group
            .MapPost("/replay", (DeadLetterRequest request, HttpContext http, DeadLetterDesk desk, CancellationToken cancellationToken) =>
                ReplayAsync(request, Caller.NameOf(http.User), desk, cancellationToken)
            )
            .WithSummary(
                "Replay matching dead letters to the queue they failed in (CLI: dlq replay). dryRun: true "
                    + "says what each would do now, changing nothing; more than "
                    + $"{DeadLetterOperations.ConfirmAbove} need confirm: true."
            );

        group
            .MapPost("/purge", (DeadLetterRequest request, HttpContext http, DeadLetterDesk desk, CancellationToken cancellationToken) =>
                PurgeAsync(request, Caller.NameOf(http.User), desk, cancellationToken)
            )
            .WithSummary(
                "Remove matching dead letters for good, each archived first (CLI: dlq purge --archive). "
                    + "dryRun: true counts them; a purge needs confirm: true."
            );

        group
            .MapPost(
                "/{messageId}/edit",
                (
                    string messageId,
                    DeadLetterEditRequest request,
                    HttpContext http,
                    DeadLetterDesk desk,
                    CancellationToken cancellationToken
                ) => EditAsync(messageId, request, Caller.NameOf(http.User), http.User.IsInRole(ApiRoles.Admin), desk, cancellationToken)
            )
            .WithSummary(
                "Correct fields of one dead letter and retry the corrected copy under a new message id "
                    + "that records the original's; the original leaves its queue (CLI: dlq edit). dryRun: true "
                    + "shows the copy and what the ledger would say to it."
            );

        group
            .MapGet("/{messageId}/conflict", (string messageId, string? queue, DeadLetterDesk desk, CancellationToken cancellationToken) =>
                WithOperationsAsync(
                    desk,
                    async operations =>
                        Results.Ok(await desk.Conflicts(operations).ShowAsync(messageId, Blank(queue), desk.Reader, cancellationToken)),
                    cancellationToken
                )
            )
            .WithSummary(
                "An order dead-lettered as an idempotency conflict beside the entry applied under its key, "
                    + "field by field (CLI: dlq conflict). Removes nothing."
            );

        group
            .MapPost(
                "/{messageId}/conflict",
                (string messageId, ConflictRequest request, HttpContext http, DeadLetterDesk desk, CancellationToken cancellationToken) =>
                    ResolveAsync(messageId, request, http, desk, cancellationToken)
            )
            .WithSummary(
                "Resolve an idempotency conflict: keep \"applied\" (operator; the dead letter is set "
                    + "aside, its content kept in the operator log) or \"dead-lettered\" (admin; the applied "
                    + "entry is reversed and the copy applied as resolution:{key}, in one transaction). CLI: dlq "
                    + "resolve."
            );
    }

    private static async Task<IResult> ResolveAsync(
        string messageId,
        ConflictRequest request,
        HttpContext http,
        DeadLetterDesk desk,
        CancellationToken cancellationToken
    )
    {
        if (ConflictChoices.Parse(request.Keep) is not { } keep)
        {
            return BadRequest.Because(
                $"keep '{request.Keep}' is not a choice: send \"{ConflictChoices.Applied}\" to keep the "
                    + $"applied entry or \"{ConflictChoices.DeadLettered}\" to apply the dead-lettered copy "
                    + "instead."
            );
        }

        if (string.IsNullOrWhiteSpace(request.Reason))
        {
            return BadRequest.Because(
                "reason is empty: say why this copy is kept (it is kept in the operator log, and on the entries a resolution writes)."
            );
        }

        if (keep == ConflictChoice.DeadLettered && !http.User.IsInRole(ApiRoles.Admin))
        {
            return Results.Problem(
                title: "Not allowed",
                detail: $"{Caller.NameOf(http.User)} may not apply the dead-lettered copy: that reverses an entry "
                    + "and moves points, which needs the admin role. An operator may keep the applied entry.",
                statusCode: StatusCodes.Status403Forbidden
            );
        }

        if (desk.Ledger is not { } ledger)
        {
            return OperatorDatabase.NotConfigured("Conflict resolution");
        }

        return await WithOperationsAsync(
            desk,
            async operations =>
            {
                var outcome = await desk.Conflicts(operations)
                    .ResolveAsync(
                        messageId,
                        Blank(request.Queue),
                        keep,
                        request.Reason,
                        Caller.NameOf(http.User),
                        ledger,
                        cancellationToken
                    );
                return outcome.Kind is ConflictOutcomeKind.AppliedInstead or ConflictOutcomeKind.KeptApplied
                    ? Results.Ok(outcome)
                    : Results.Problem(title: "Not resolved", detail: outcome.Message, statusCode: StatusCodes.Status409Conflict);
            },
            cancellationToken
        );
    }

    private static async Task<IResult> EditAsync(
        string messageId,
        DeadLetterEditRequest request,
        string caller,
        bool asAdmin,
        DeadLetterDesk desk,
        CancellationToken cancellationToken
    )
    {
        if (request.Set is not { Count: > 0 } set)
        {
            return BadRequest.Because("set names no field: send {\"set\": {\"currency\": \"USD\"}} (dotted paths for nested fields).");
        }

        if (!request.DryRun && !desk.CanRecord)
        {
            return OperatorDatabase.NotConfigured("Dead-letter actions");
        }

        return await WithOperationsAsync(
            desk,
            async operations =>
            {
                var edit = await operations.EditAndRetryAsync(
                    messageId,
                    string.IsNullOrWhiteSpace(request.Queue) ? null : request.Queue,
                    [.. set],
                    request.DryRun,
                    asAdmin,
                    desk.Preview,
                    desk.Reader,
                    cancellationToken
                );
                if (!edit.DryRun)
                {
                    await desk.RecordAsync(
                        caller,
                        "dlq-edit",
                        new
                        {
                            original = edit.OriginalMessageId,
                            retriedAs = edit.RetriedAs,
                            queue = edit.Queue,
                            changes = edit.Changes,
                        },
                        $"retried as {edit.RetriedAs}",
                        cancellationToken
                    );
                }

                return Results.Ok(edit);
            },
            cancellationToken
        );
    }

    private static Task<IResult> ReplayAsync(
        DeadLetterRequest request,
        string caller,
        DeadLetterDesk desk,
        CancellationToken cancellationToken
    ) =>
        WithCriteriaAsync(
            request,
            desk,
            async (operations, criteria) =>
            {
                if (request.DryRun)
                {
                    return Results.Ok(await operations.PreviewAsync(criteria, desk.Preview, desk.Reader, cancellationToken));
                }

                if (
                    !request.Confirm
                    && (await operations.CountAsync(criteria, cancellationToken)).Sum(q => q.Count) is var matched
                    && matched > DeadLetterOperations.ConfirmAbove
                )
                {
                    return Results.Problem(
                        title: "Not confirmed",
                        detail: $"{matched} message(s) would be replayed, more than {DeadLetterOperations.ConfirmAbove}: "
                            + "nothing was changed. "
                            + "Check them with dryRun: true (same filters), then send confirm: true, or narrow with "
                            + "queue/type/reason/group/olderThan/limit.",
                        statusCode: StatusCodes.Status409Conflict
                    );
                }

                var replay = await operations.ReplayAsync(criteria, () => { }, cancellationToken);
                var failure = replay.Failure?.Message;
                await desk.RecordAsync(
                    caller,
                    "dlq-replay",
                    new { criteria, replayed = replay.Replayed },
                    failure ?? $"replayed {replay.Count} message(s)",
                    cancellationToken
                );
                return replay.Failure is { } problem
                    ? DeadLetterProblems.Of(
                        new BrokerProblemException(
                            problem.Kind,
                            $"{problem.Message} {replay.Count} matching message(s) were replayed before it; the rest "
                                + "stay in their dead-letter queue."
                        )
                    )
                    : Results.Ok(new ReplayReport(false, replay.Count, replay.Replayed, null, null, null));
            },
            cancellationToken
        );

    private static Task<IResult> PurgeAsync(
        DeadLetterRequest request,
        string caller,
        DeadLetterDesk desk,
        CancellationToken cancellationToken
    ) =>
        WithCriteriaAsync(
            request,
            desk,
            async (operations, criteria) =>
            {
                if (request.DryRun || !request.Confirm)
                {
                    var counted = await operations.CountAsync(criteria, cancellationToken);
                    var total = counted.Sum(q => q.Count);
                    return request.DryRun || total == 0
                        ? Results.Ok(new PurgeReport(false, total, 0, counted, null, []))
                        : Results.Problem(
                            title: "Not confirmed",
                            detail: $"{total} message(s) would be purged: nothing was changed. Check them with GET "
                                + "/api/v1/dead-letters/messages (same filters), then send confirm: true; each is archived "
                                + "before it is removed.",
                            statusCode: StatusCodes.Status409Conflict
                        );
                }

                var archive = desk.NewArchivePath();
                PurgeReport purged;
                try
                {
                    purged = await operations.PurgeAsync(criteria, archive, cancellationToken);
                }
                catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
                {
                    return Results.Problem(
                        title: "Not purged",
                        detail: $"Cannot write the archive '{archive}' ({ex.Message}): every message not yet archived stays "
                            + $"in its dead-letter queue. Set {DeadLetterOptions.Section}:ArchiveDirectory to a writable "
                            + "directory.",
                        statusCode: StatusCodes.Status503ServiceUnavailable
                    );
                }

                if (purged.Removed == 0)
                {
                    // Nothing matched by the time it was read: no archive to keep, nothing to record.
                    File.Delete(archive);
                    return Results.Ok(purged with { Archive = null });
                }

                await desk.RecordAsync(
                    caller,
                    "dlq-purge",
                    new
                    {
                        criteria,
                        archive,
                        removed = purged.Removed,
                        messageIds = purged.MessageIds,
                    },
                    $"purged {purged.Removed} message(s)",
                    cancellationToken
                );
                return Results.Ok(purged);
            },
            cancellationToken
        );

    // A change (not a dry run) needs the operator log to record it.
    private static async Task<IResult> WithCriteriaAsync(
        DeadLetterRequest request,
        DeadLetterDesk desk,
        Func<DeadLetterOperations, DeadLetterCriteria, Task<IResult>> action,
        CancellationToken cancellationToken
    )
    {
        if (Criteria(request, int.MaxValue) is not { } criteria)
        {
            return Invalid(request.OlderThan, request.Limit, int.MaxValue);
        }

        if (!request.DryRun && !desk.CanRecord)
        {
            return OperatorDatabase.NotConfigured("Dead-letter actions");
        }

        return await WithOperationsAsync(desk, operations => action(operations, criteria), cancellationToken);
    }

    // Whatever the action still holds goes back to its queue when the connection closes.
    internal static async Task<IResult> WithOperationsAsync(
        DeadLetterDesk desk,
        Func<DeadLetterOperations, Task<IResult>> action,
        CancellationToken cancellationToken
    )
    {
        try
        {
            await using var broker = await desk.ConnectAsync(cancellationToken);
            return await action(desk.Operations(broker));
        }
        catch (BrokerProblemException problem)
        {
            return DeadLetterProblems.Of(problem);
        }
        catch (RabbitMQ.Client.Exceptions.OperationInterruptedException ex)
        {
            return DeadLetterProblems.Of(
                new BrokerProblemException(
                    BrokerProblemKind.Unreachable,
                    $"RabbitMQ interrupted the operation ({ex.ShutdownReason?.ReplyText ?? ex.Message}); "
                        + "unacknowledged messages return to their queue. "
                        + $"Check the permissions of the {DeadLetterOptions.Section} user and the broker's logs, then try again.",
                    ex
                )
            );
        }
    }

    private static DeadLetterCriteria? Criteria(DeadLetterRequest request, int maxLimit)
    {
        TimeSpan? olderThan = null;
        if (request.OlderThan is { } text && (olderThan = DeadLetterCriteria.ParseDuration(text)) is null)
        {
            return null;
        }

        return request.Limit is < 1 || request.Limit > maxLimit
            ? null
            : new DeadLetterCriteria(
                Blank(request.Queue),
                Blank(request.Type),
                Blank(request.Reason),
                olderThan,
                request.Limit,
                Blank(request.Group)
            )
            {
                MessageId = Blank(request.MessageId)?.Trim(),
            };
    }

    private static IResult Invalid(string? olderThan, int? limit, int maxLimit) =>
        olderThan is not null && DeadLetterCriteria.ParseDuration(olderThan) is null
            ? BadRequest.Because($"olderThan '{olderThan}' is not a duration; use e.g. 30s, 15m, 2h, 7d or 01:30:00.")
            : BadRequest.Because($"limit must be between 1 and {maxLimit} (got {limit}).");

    private static string? Blank(string? value) => string.IsNullOrWhiteSpace(value) ? null : value;
}
