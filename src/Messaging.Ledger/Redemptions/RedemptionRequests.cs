using Messaging.Ledger.Accounts;
using Messaging.Ledger.Expiry;
using Messaging.Ledger.Fulfilment;
using Messaging.Ledger.Holds;
using Messaging.Ledger.Journal;
using Messaging.Ledger.Writing;
using Npgsql;

namespace Messaging.Ledger.Redemptions;

// A batch of redemption requests decided and written together, in the caller's transaction (the group commit's), with one statement per
// kind of row: a request costs a few rows, not a transaction of its own and ten round trips. Requests are decided in the order given
// (first delivered first): each sees the holds, spends and stock of those before it. Locks are taken in the order every redemption step
// takes them: the accounts in id order, then the rewards.
public static class RedemptionRequests
{
    // The unique keys two writers deciding the same request at once would both write (Commit:Writers above 1).
    private const string HoldKeyIndex = "ux_ledger_holds_hold_key";
    private const string SagaKey = "pk_redemption_sagas";

    private const string SagasSql =
        "SELECT correlation_id, request_hash, user_id, reward_id FROM redemption_sagas WHERE correlation_id = ANY(@ids)";

    // Through ledger_lock_accounts: the processor's role may lock accounts but not update them.
    private const string LockAccountsSql = "SELECT id, code, balance, held FROM ledger_lock_accounts(@codes)";

    // What each wallet's due lots still hold: points past their expiry that no expiry entry took yet.
    private const string DueSql = """
        SELECT a.code, sum(l.remaining)::bigint FROM point_lots l JOIN accounts a ON a.id = l.account_id
        WHERE a.code = ANY(@codes) AND l.remaining > 0 AND l.expires_at <= now()
        GROUP BY a.code
        """;

    private const string RewardsSql = """
        SELECT id, name, cost, active, stock, validity_days, fulfilment_kind FROM rewards WHERE id = ANY(@ids)
        ORDER BY id FOR UPDATE
        """;

    private const string TakeStockSql = """
        UPDATE rewards SET stock = stock - x.n, updated_at = now() FROM unnest(@ids, @taken) AS x(id, n) WHERE rewards.id = x.id
        """;

    /// <summary>One decision per request, in the same order. Nothing is committed: the caller's transaction is.</summary>
    public static async Task<IReadOnlyList<RedemptionDecision>> ApplyAsync(
        NpgsqlConnection connection,
        IReadOnlyList<RedemptionRequest> requests,
        RedemptionTerms terms,
        PointsExpiry expiry,
        CancellationToken cancellationToken
    )
    {
        ArgumentNullException.ThrowIfNull(requests);
        ArgumentNullException.ThrowIfNull(terms);
        ArgumentNullException.ThrowIfNull(expiry);
        var wallets = requests.Select(r => AccountRef.UserWallet(r.UserId)).DistinctBy(w => w.Code).ToList();
        var spentTo = requests.Select(r => AccountRef.PlatformRedemptionsFor(r.RedemptionId)).DistinctBy(a => a.Code).ToList();
        var state = await ReadAsync(connection, requests, wallets, spentTo, cancellationToken);

        // Held points are the soonest-expiring ones and do not expire while held, so only due points beyond them expire.
        var expiredByUser = new Dictionary<string, IReadOnlyList<ExpiredLot>>(StringComparer.Ordinal);
        foreach (var userId in requests.Select(r => r.UserId).Distinct(StringComparer.Ordinal))
        {
            var code = AccountRef.UserWallet(userId).Code;
            if (state.Accounts.TryGetValue(code, out var figures) && state.Due.GetValueOrDefault(code) > figures.Held)
            {
                var expired = await expiry.ExpireDueAsync(connection, userId, cancellationToken);
                figures.Balance -= expired.Sum(lot => lot.Points);
                expiredByUser[userId] = expired;
            }
        }

        var decisions = Decide(requests, terms, state, expiredByUser);

        // An account of spent points is opened on its first capture, not for a request that spends nothing (a rejection, a hold that
        // waits): an account with no posting would be a row no backup carries. Opened rows are new, so locking them now waits for
        // nobody; the locks taken stay held.
        var missing = requests
            .Where((r, i) => decisions[i].Kind == RedemptionDecisionKind.Completed)
            .Select(r => AccountRef.PlatformRedemptionsFor(r.RedemptionId))
            .Where(a => !state.Accounts.ContainsKey(a.Code))
            .DistinctBy(a => a.Code)
            .ToList();
        if (missing.Count > 0)
        {
            foreach (var (code, opened) in await AccountLocks.LockAsync(connection, missing, cancellationToken))
            {
                state.Accounts[code] = new Wallet(opened.Id, opened.Balance, opened.Held);
            }
        }
        try
        {
            await WriteAsync(connection, requests, decisions, state, terms, cancellationToken);
        }
        catch (PostgresException e) when (e.SqlState == PostgresErrorCodes.UniqueViolation && e.ConstraintName is HoldKeyIndex or SagaKey)
        {
            throw new RequestDecidedElsewhereException(
                "A request of this batch was decided by another writer first (its hold or saga row exists); the batch is retried.",
                e
            );
        }

        return decisions;
    }

    private static async Task<BatchState> ReadAsync(
        NpgsqlConnection connection,
        IReadOnlyList<RedemptionRequest> requests,
        List<AccountRef> wallets,
        List<AccountRef> spentTo,
        CancellationToken cancellationToken
    )
    {
        var state = new BatchState();
        await using var batch = new NpgsqlBatch(connection);
        batch.BatchCommands.Add(
            Command(SagasSql, new NpgsqlParameter<Guid[]>("ids", [.. requests.Select(r => r.RedemptionId).Distinct()]))
        );
        batch.BatchCommands.Add(
            Command(LockAccountsSql, new NpgsqlParameter<string[]>("codes", [.. wallets.Concat(spentTo).Select(a => a.Code)]))
        );
        batch.BatchCommands.Add(Command(DueSql, new NpgsqlParameter<string[]>("codes", [.. wallets.Select(w => w.Code)])));
        batch.BatchCommands.Add(
            Command(
                RewardsSql,
                new NpgsqlParameter<string[]>("ids", [.. requests.Select(r => r.RewardId).Distinct(StringComparer.Ordinal)])
            )
        );
        await using var reader = await batch.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            state.Sagas[reader.GetGuid(0)] = new KnownRequest(reader.GetString(1), reader.GetString(2), reader.GetString(3));
        }

        await reader.NextResultAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            state.Accounts[reader.GetString(1)] = new Wallet(reader.GetInt64(0), reader.GetInt64(2), reader.GetInt64(3));
        }

        await reader.NextResultAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            state.Due[reader.GetString(0)] = reader.GetInt64(1);
        }

        await reader.NextResultAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            var stock = await reader.IsDBNullAsync(4, cancellationToken) ? (int?)null : reader.GetInt32(4);
            state.Rewards[reader.GetString(0)] = new RewardTerms(
                reader.GetString(1),
                reader.GetInt64(2),
                reader.GetBoolean(3),
                reader.GetInt32(5),
                reader.GetString(6)
            )
            {
                StockLeft = stock,
            };
        }

        return state;
    }

    // The rules, in request order. Each accepted request moves the figures the next one sees.
    private static RedemptionDecision[] Decide(
        IReadOnlyList<RedemptionRequest> requests,
        RedemptionTerms terms,
        BatchState state,
        Dictionary<string, IReadOnlyList<ExpiredLot>> expiredByUser
    )
    {
        var decisions = new RedemptionDecision[requests.Count];
        for (var i = 0; i < requests.Count; i++)
        {
            var request = requests[i];

            // A user's expired lots are announced once, with that user's first request.
            var expired = expiredByUser.Remove(request.UserId, out var lots) ? lots : [];
            if (state.Sagas.TryGetValue(request.RedemptionId, out var known))
            {
                decisions[i] = string.Equals(known.RequestHash, request.RequestHash, StringComparison.Ordinal)
                    ? new RedemptionDecision(RedemptionDecisionKind.Repeated, null, "", 0) { Expired = expired }
                    : new RedemptionDecision(
                        RedemptionDecisionKind.Conflict,
                        null,
                        $"Redemption {request.RedemptionId} was already requested with other content (user '{known.UserId}', reward "
                            + $"'{known.RewardId}'); a new request needs a new redemption id.",
                        0
                    )
                    {
                        Expired = expired,
                    };
                continue;
            }

            state.Sagas[request.RedemptionId] = new KnownRequest(request.RequestHash, request.UserId, request.RewardId);
            decisions[i] = DecideOne(request, terms, state) with { Expired = expired };
        }

        return decisions;
    }

    private static RedemptionDecision DecideOne(RedemptionRequest request, RedemptionTerms terms, BatchState state)
    {
        var saga = new RedemptionSagaRecord
        {
            CorrelationId = request.RedemptionId,
            CurrentState = RedemptionSagaStates.Rejected,
            UserId = request.UserId,
            RewardId = request.RewardId,
            RequestedAt = request.RequestedAt,
            RequestHash = request.RequestHash,
        };
        var wallet = state.Accounts.GetValueOrDefault(AccountRef.UserWallet(request.UserId).Code);
        var balance = wallet?.Balance ?? 0;

        RedemptionDecision Rejected(string reason, string detail)
        {
            saga.Outcome = Outcomes.Rejected;
            saga.OutcomeReason = reason;
            return new RedemptionDecision(RedemptionDecisionKind.Rejected, saga, detail, balance);
        }

        if (!state.Rewards.TryGetValue(request.RewardId, out var reward))
        {
            return Rejected(
                RejectionReasons.UnknownReward,
                $"There is no reward '{request.RewardId}' in the catalog; check the reward id."
            );
        }

        (saga.RewardName, saga.Points, saga.ValidityDays, saga.FulfilmentKind) = (
            reward.Name,
            reward.Cost,
            reward.ValidityDays,
            reward.Kind
        );
        if (!reward.Active)
        {
            return Rejected(RejectionReasons.InactiveReward, $"Reward '{request.RewardId}' cannot be redeemed at the moment.");
        }

        if (request.ExpectedPoints is { } expected && expected != reward.Cost)
        {
            return Rejected(
                RejectionReasons.CostMismatch,
                $"The request expected {expected} points but reward '{request.RewardId}' costs {reward.Cost}; "
                    + "show the current cost and ask again."
            );
        }

        var held = wallet?.Held ?? 0;
        var available = balance - held;
        if (wallet is null || available < reward.Cost)
        {
            return Rejected(
                RejectionReasons.InsufficientPoints,
                $"User '{request.UserId}' has {available} points available ({balance} balance, {held} held); reward "
                    + $"'{request.RewardId}' costs {reward.Cost}."
            );
        }

        if (reward.StockLeft is { } left)
        {
            if (left <= 0)
            {
                return Rejected(RejectionReasons.OutOfStock, $"Reward '{request.RewardId}' is out of stock.");
            }

            reward.StockLeft = left - 1;
            reward.StockTaken++;
            saga.StockReserved = true;
        }

        var detail = $"{reward.Cost} points held; {available - reward.Cost} left available.";
        if (reward.Kind != Vouchers.Kind)
        {
            wallet.Held += reward.Cost;
            saga.CurrentState = RedemptionSagaStates.AwaitingReward;
            saga.DeadlineAt = terms.DeadlineAt;
            return new RedemptionDecision(RedemptionDecisionKind.AwaitingReward, saga, detail, balance);
        }

        // The built-in voucher: issued and its hold spent here, so the wallet's held points end where they were.
        wallet.Balance -= reward.Cost;
        saga.CurrentState = RedemptionSagaStates.Completed;
        saga.Outcome = Outcomes.Completed;
        saga.OutcomeReason = "redeemed";
        saga.VoucherCode = VoucherCodes.Next();
        return new RedemptionDecision(RedemptionDecisionKind.Completed, saga, detail, wallet.Balance)
        {
            ExpiresAt = RedemptionSteps.ExpiresAt(terms.DecidedAt, reward.ValidityDays),
        };
    }

    // Two round trips whatever the batch's size: stock, holds, vouchers and the capture entries; then the holds captured, the postings,
    // the redemptions and every saga. An entry exists before its hold is marked captured (the hold names it), and the hold is released
    // before the postings land, so no account's available points dip below zero in between.
    private static async Task WriteAsync(
        NpgsqlConnection connection,
        IReadOnlyList<RedemptionRequest> requests,
        RedemptionDecision[] decisions,
        BatchState state,
        RedemptionTerms terms,
        CancellationToken cancellationToken
    )
    {
        var held = new List<(RedemptionRequest Request, RedemptionSagaRecord Saga)>();
        for (var i = 0; i < requests.Count; i++)
        {
            if (decisions[i].Kind is RedemptionDecisionKind.AwaitingReward or RedemptionDecisionKind.Completed)
            {
                held.Add((requests[i], decisions[i].Saga!));
            }
        }

        var completed = held.Where(h => h.Saga.CurrentState == RedemptionSagaStates.Completed).ToList();
        var captures = completed
            .Select(c => new RedemptionCapture(
                c.Request.RedemptionId,
                c.Request.UserId,
                c.Request.RewardId,
                c.Saga.RewardName!,
                c.Saga.Points,
                c.Saga.ValidityDays,
                c.Saga.VoucherCode,
                Vouchers.DetailsOf(c.Request.RewardId),
                c.Request.SourceMessageId,
                terms.DecidedAt
            ))
            .ToList();

        var entryIds = new Dictionary<string, long>(StringComparer.Ordinal);
        await using (var first = new NpgsqlBatch(connection))
        {
            var stocked = state.Rewards.Where(r => r.Value.StockTaken > 0).ToList();
            if (stocked.Count > 0)
            {
                first.BatchCommands.Add(
                    Command(
                        TakeStockSql,
                        new NpgsqlParameter<string[]>("ids", [.. stocked.Select(r => r.Key)]),
                        new NpgsqlParameter<int[]>("taken", [.. stocked.Select(r => r.Value.StockTaken)])
                    )
                );
            }

            if (held.Count > 0)
            {
                first.BatchCommands.Add(
                    LedgerHolds.PlaceManyCommand([
                        .. held.Select(h => new HoldPlacement(
                            RedemptionSteps.HoldKey(h.Request.RedemptionId),
                            state.Accounts[AccountRef.UserWallet(h.Request.UserId).Code].Id,
                            h.Saga.Points,
                            terms.HoldExpiresAt
                        )),
                    ])
                );
            }

            if (captures.Count > 0)
            {
                first.BatchCommands.Add(
                    Vouchers.IssueManyCommand([
                        .. captures.Select(c => new IssuedVoucher
                        {
                            Code = c.VoucherCode!,
                            RedemptionId = c.RedemptionId,
                            RewardId = c.RewardId,
                        }),
                    ])
                );
                first.BatchCommands.Add(
                    JournalInserts.EntriesCommand([
                        .. captures.Select(
                            (c, n) =>
                                LedgerHolds.EntryRowOf(
                                    RedemptionSteps.HoldKey(c.RedemptionId),
                                    RedemptionSteps.CaptureEntryOf(c),
                                    completed[n].Request.TraceId
                                )
                        ),
                    ])
                );
            }

            if (first.BatchCommands.Count > 0)
            {
                await using var reader = await first.ExecuteReaderAsync(cancellationToken);
                if (captures.Count > 0)
                {
                    // The entries' are the only rows returned: read past any statement that returned none.
                    while (reader.FieldCount == 0 && await reader.NextResultAsync(cancellationToken)) { }

                    entryIds = await JournalInserts.ReadEntryIdsAsync(reader, cancellationToken);
                }
            }
        }

        await using var second = new NpgsqlBatch(connection);
        if (captures.Count > 0)
        {
            var missing = captures.FirstOrDefault(c => !entryIds.ContainsKey(RedemptionSteps.HoldKey(c.RedemptionId)));
            if (missing is not null)
            {
                // No saga existed, so no capture can have written its entry: something else took the key.
                throw new InvalidOperationException(
                    $"Journal entry '{RedemptionSteps.HoldKey(missing.RedemptionId)}' exists already; "
                        + $"redemption {missing.RedemptionId} was not captured."
                );
            }

            second.BatchCommands.Add(LedgerHolds.CaptureManyCommand(entryIds));
            second.BatchCommands.Add(
                JournalInserts.PostingsCommand([
                    .. captures.SelectMany(c =>
                    {
                        var entry = entryIds[RedemptionSteps.HoldKey(c.RedemptionId)];
                        return new[]
                        {
                            new PostingRow(entry, state.Accounts[AccountRef.UserWallet(c.UserId).Code].Id, -c.Points),
                            new PostingRow(entry, state.Accounts[AccountRef.PlatformRedemptionsFor(c.RedemptionId).Code].Id, c.Points),
                        };
                    }),
                ])
            );
            second.BatchCommands.Add(
                RedemptionSteps.RecordCommand([.. captures.Select(c => (c, c.Points, entryIds[RedemptionSteps.HoldKey(c.RedemptionId)]))])
            );
        }

        var sagas = decisions.Where(d => d.Saga is not null).Select(d => d.Saga!).ToList();
        if (sagas.Count > 0)
        {
            second.BatchCommands.Add(RedemptionSagaStore.InsertManyCommand(sagas));
        }

        if (second.BatchCommands.Count > 0)
        {
            await second.ExecuteNonQueryAsync(cancellationToken);
        }
    }

    private static NpgsqlBatchCommand Command(string sql, params NpgsqlParameter[] parameters)
    {
        var command = new NpgsqlBatchCommand(sql);
        command.Parameters.AddRange(parameters);
        return command;
    }

    private sealed record KnownRequest(string RequestHash, string UserId, string RewardId);

    // An account's figures as this batch moves them.
    private sealed class Wallet(long id, long balance, long held)
    {
        public long Id { get; } = id;
        public long Balance { get; set; } = balance;
        public long Held { get; set; } = held;
    }

    private sealed record RewardTerms(string Name, long Cost, bool Active, int ValidityDays, string Kind)
    {
        /// <summary>Null: unlimited.</summary>
        public int? StockLeft { get; set; }

        public int StockTaken { get; set; }
    }

    private sealed class BatchState
    {
        public Dictionary<Guid, KnownRequest> Sagas { get; } = [];
        public Dictionary<string, Wallet> Accounts { get; } = new(StringComparer.Ordinal);
        public Dictionary<string, long> Due { get; } = new(StringComparer.Ordinal);
        public Dictionary<string, RewardTerms> Rewards { get; } = new(StringComparer.Ordinal);
    }
}
