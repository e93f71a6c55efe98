using System.Globalization;
using System.Text.Json;
using Dapper;
using Messaging.Ledger.Accounts;
using Messaging.Ledger.Journal;
using Messaging.Ledger.Operations;
using Messaging.Ledger.Writing;
using Npgsql;

namespace Messaging.Ledger.Adjustments;

// Seeds 001 to 003 ask for a way to award points with a description, and every ledger needs a way to correct a wallet by hand: an
// adjustment:{id} entry against the platform's adjustments account (the points it gives are issued, as any issuer's), never taking a
// wallet below what it has available. Above the approval threshold a second admin approves it; the database refuses an approval by
// the one who asked. Each request and approval is in the operator log, in the transaction that writes it.
public sealed class WalletAdjustments(NpgsqlDataSource dataSource, AdjustmentOptions options, TimeProvider clock)
{
    private const string InsertSql = $"""
        INSERT INTO adjustments (user_id, points, reason, status, requested_by)
        VALUES (@user, @points, @reason, '{AdjustmentStatuses.Pending}', @requested_by)
        RETURNING id, user_id, points, reason, status, requested_by, requested_at, approved_by, decided_at, journal_entry_id, refusal
        """;

    private const string LockSql = """
        SELECT id, user_id, points, reason, status, requested_by, requested_at, approved_by, decided_at, journal_entry_id, refusal
        FROM adjustments WHERE id = @id FOR UPDATE
        """;

    private const string DecideSql = """
        UPDATE adjustments SET status = @status, approved_by = @approved_by, decided_at = now(), journal_entry_id = @entry,
            refusal = @refusal
        WHERE id = @id
        RETURNING id, user_id, points, reason, status, requested_by, requested_at, approved_by, decided_at, journal_entry_id, refusal
        """;

    private const string ListSql = """
        SELECT id, user_id, points, reason, status, requested_by, requested_at, approved_by, decided_at, journal_entry_id, refusal
        FROM adjustments WHERE @status IS NULL OR status = @status
        ORDER BY id DESC LIMIT @limit
        """;

    /// <summary>The most points one adjustment may move either way: a larger one is a typing mistake, not a correction.</summary>
    public const long MaxPoints = 1_000_000_000;

    /// <summary>
    /// What is wrong with a request, in words for the operator; null when nothing is. The one rule the CLI and the API apply.
    /// </summary>
    public static string? ProblemWith(long points, string? reason) =>
        points == 0 || Math.Abs((decimal)points) > MaxPoints
            ? $"points must be a signed whole number other than zero, at most {MaxPoints:N0} either way (+500 credits, -200 debits); "
                + $"got {points}."
        : string.IsNullOrWhiteSpace(reason) ? "reason is empty: say why (it is kept on the entry and in the operator log)."
        : null;

    /// <summary>Applied at once up to the approval threshold; above it, recorded as pending for a second admin.</summary>
    public async Task<AdjustmentOutcome> RequestAsync(
        string userId,
        long points,
        string reason,
        string operatorName,
        CancellationToken cancellationToken
    )
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(userId);
        ArgumentException.ThrowIfNullOrWhiteSpace(reason);
        ArgumentException.ThrowIfNullOrWhiteSpace(operatorName);
        if (ProblemWith(points, reason) is { } problem)
        {
            throw new ArgumentOutOfRangeException(nameof(points), points, problem);
        }

        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        var adjustment = await connection.QuerySingleAsync<Adjustment>(
            new CommandDefinition(
                InsertSql,
                new
                {
                    user = userId,
                    points,
                    reason,
                    requested_by = operatorName,
                },
                transaction,
                cancellationToken: cancellationToken
            )
        );
        AdjustmentOutcome outcome;
        if (Math.Abs(points) > options.ApprovalThreshold)
        {
            outcome = new AdjustmentOutcome(
                AdjustmentOutcomeKind.AwaitingApproval,
                $"{adjustment.EntryKey}: {Signed(points)} points for {userId} exceed the approval threshold of "
                    + $"{options.ApprovalThreshold} (Adjustments:ApprovalThreshold); another admin approves it with `adjust approve "
                    + $"{adjustment.Id}`.",
                adjustment
            );
        }
        else
        {
            outcome = await ApplyAsync(connection, transaction, adjustment, approvedBy: null, cancellationToken);
        }

        await OperatorActionLog.RecordAsync(
            connection,
            operatorName,
            "adjust",
            JsonSerializer.Serialize(
                new
                {
                    adjustment.Id,
                    userId,
                    points,
                    reason,
                }
            ),
            outcome.Message,
            cancellationToken
        );
        await transaction.CommitAsync(cancellationToken);
        return outcome;
    }

    /// <summary>By an admin other than the one who asked; a pending adjustment only.</summary>
    public Task<AdjustmentOutcome> ApproveAsync(long id, string approverName, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(approverName);
        return DecideAsync(
            id,
            approverName,
            "adjust-approve",
            new { id },
            async (connection, transaction, adjustment) =>
                adjustment switch
                {
                    { Status: not AdjustmentStatuses.Pending } => new AdjustmentOutcome(
                        adjustment.Status == AdjustmentStatuses.Applied ? AdjustmentOutcomeKind.Applied : AdjustmentOutcomeKind.Refused,
                        $"Adjustment {id} is {adjustment.Status} already (decided "
                            + $"{adjustment.DecidedAt?.ToString("u", CultureInfo.InvariantCulture)}"
                            + $"{(adjustment.ApprovedBy is null ? "" : " with the approval of " + adjustment.ApprovedBy)}); "
                            + "nothing more was done.",
                        adjustment
                    ),
                    _ when string.Equals(adjustment.RequestedBy, approverName, StringComparison.Ordinal) => new AdjustmentOutcome(
                        AdjustmentOutcomeKind.Refused,
                        $"Adjustment {id} was requested by {approverName}: a second admin must approve it. Nothing was changed.",
                        adjustment
                    ),
                    _ => await ApplyAsync(connection, transaction, adjustment, approverName, cancellationToken),
                },
            cancellationToken
        );
    }

    /// <summary>
    /// Withdraws a pending adjustment, by any admin (the one who asked included), with a reason; one decided already stays as it is.
    /// </summary>
    public Task<AdjustmentOutcome> CancelAsync(long id, string reason, string operatorName, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(reason);
        ArgumentException.ThrowIfNullOrWhiteSpace(operatorName);
        return DecideAsync(
            id,
            operatorName,
            "adjust-cancel",
            new { id, reason },
            async (connection, transaction, adjustment) =>
                adjustment.Status != AdjustmentStatuses.Pending
                    ? new AdjustmentOutcome(
                        AdjustmentOutcomeKind.Refused,
                        $"Adjustment {id} is {adjustment.Status} already, so it cannot be cancelled; "
                            + (
                                adjustment.Status == AdjustmentStatuses.Applied
                                    ? "correct it with another adjustment."
                                    : "nothing was changed."
                            ),
                        adjustment
                    )
                    : new AdjustmentOutcome(
                        AdjustmentOutcomeKind.Cancelled,
                        string.Create(
                            CultureInfo.InvariantCulture,
                            $"Adjustment {id} ({adjustment.Points:+#;-#} points for {adjustment.UserId}) cancelled by {operatorName}; "
                        ) + "nothing was written.",
                        await connection.QuerySingleAsync<Adjustment>(
                            new CommandDefinition(
                                DecideSql,
                                new
                                {
                                    id,
                                    status = AdjustmentStatuses.Cancelled,
                                    approved_by = (string?)null,
                                    entry = (long?)null,
                                    refusal = $"cancelled by {operatorName}: {reason}",
                                },
                                transaction,
                                cancellationToken: cancellationToken
                            )
                        )
                    ),
            cancellationToken
        );
    }

    /// <summary>Newest first; <paramref name="status"/> null for all.</summary>
    public async Task<IReadOnlyList<Adjustment>> ListAsync(string? status, int limit, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        return (
            await connection.QueryAsync<Adjustment>(
                new CommandDefinition(ListSql, new { status, limit }, cancellationToken: cancellationToken)
            )
        ).AsList();
    }

    // An approval or a cancellation: the row locked, the decision, and the operator log's record of the attempt, in one transaction.
    private async Task<AdjustmentOutcome> DecideAsync(
        long id,
        string operatorName,
        string action,
        object parameters,
        Func<NpgsqlConnection, NpgsqlTransaction, Adjustment, Task<AdjustmentOutcome>> decide,
        CancellationToken cancellationToken
    )
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        var adjustment = await connection.QuerySingleOrDefaultAsync<Adjustment>(
            new CommandDefinition(LockSql, new { id }, transaction, cancellationToken: cancellationToken)
        );
        var outcome = adjustment is null
            ? new AdjustmentOutcome(
                AdjustmentOutcomeKind.NotFound,
                $"There is no adjustment {id}; `adjust list --pending` shows those waiting for approval.",
                null
            )
            : await decide(connection, transaction, adjustment);
        await OperatorActionLog.RecordAsync(
            connection,
            operatorName,
            action,
            JsonSerializer.Serialize(parameters),
            outcome.Message,
            cancellationToken
        );
        await transaction.CommitAsync(cancellationToken);
        return outcome;
    }

    private async Task<AdjustmentOutcome> ApplyAsync(
        NpgsqlConnection connection,
        NpgsqlTransaction transaction,
        Adjustment adjustment,
        string? approvedBy,
        CancellationToken cancellationToken
    )
    {
        var wallet = AccountRef.UserWallet(adjustment.UserId);
        var points = adjustment.Points;
        var entry = EntryDraft.Transfer(
            adjustment.EntryKey,
            EntryTypes.Adjustment,
            $"Adjustment {Signed(points)}: {adjustment.Reason}",
            PayloadHash.Of(adjustment.EntryKey, points.ToString(CultureInfo.InvariantCulture)),
            clock.GetUtcNow(),
            points > 0 ? AccountRef.Adjustments : wallet,
            points > 0 ? wallet : AccountRef.Adjustments,
            Math.Abs(points),
            JsonSerializer.Serialize(
                new
                {
                    adjustment.Reason,
                    adjustment.RequestedBy,
                    ApprovedBy = approvedBy,
                }
            )
        );
        var guard = new LedgerGuard([], view =>
            points < 0 && view.Available(wallet.Code) + points < 0
                ? GuardDecision.Refuse(
                    "insufficient_balance",
                    $"{adjustment.EntryKey}: taking {-points} points from {adjustment.UserId} would leave "
                        + $"{view.Available(wallet.Code) + points} available (balance less holds): a wallet may not go below zero. "
                        + "Nothing was written; adjust by at most what is available."
                )
                : GuardDecision.Apply(entry)
        );
        var outcome = (await new LedgerBatchWriter().ApplyAsync(connection, [new LedgerWrite(entry, [], Guard: guard)], cancellationToken))[
            0
        ];
        var applied = outcome.Kind == LedgerOutcomeKind.Applied;
        var decided = await connection.QuerySingleAsync<Adjustment>(
            new CommandDefinition(
                DecideSql,
                new
                {
                    id = adjustment.Id,
                    status = applied ? AdjustmentStatuses.Applied : AdjustmentStatuses.Refused,
                    approved_by = approvedBy,
                    entry = applied ? outcome.AppliedEntries[0].EntryId : (long?)null,
                    refusal = applied ? null : outcome.Reason,
                },
                transaction,
                cancellationToken: cancellationToken
            )
        );
        return applied
            ? new AdjustmentOutcome(
                AdjustmentOutcomeKind.Applied,
                $"{decided.EntryKey}: {Signed(points)} points for {adjustment.UserId}"
                    + $"{(approvedBy is null ? "" : $", approved by {approvedBy}")}; balance {outcome.BalancesAfter[wallet.Code]}.",
                decided
            )
            : new AdjustmentOutcome(AdjustmentOutcomeKind.Refused, outcome.Reason!, decided);
    }

    private static string Signed(long points) => points.ToString("+0;-0", CultureInfo.InvariantCulture);
}
