using Messaging.Ledger.Accounts;
using Messaging.Ledger.Expiry;
using Messaging.Ledger.Journal;
using Npgsql;

namespace Messaging.Ledger.Writing;

// Idempotency is decided by the database's unique key on journal_entries.idempotency_key, never by process memory, so any number of
// writers may run.
/// <summary>
/// Applies many <see cref="LedgerWrite"/>s inside the caller's transaction, with a handful of set-based statements whatever the batch
/// size.
/// </summary>
public sealed class LedgerBatchWriter(IssuanceCaps caps, ExpiryPolicy expiry)
{
    private const string RefusalsSql = """
        SELECT DISTINCT ON (idempotency_key) idempotency_key, reason_code, reason
        FROM ledger_refusals WHERE idempotency_key = ANY(@keys) ORDER BY idempotency_key, id DESC
        """;

    /// <summary>
    /// Without issuance caps, and crediting points that never expire unless an entry says when: for tools that rewrite history (restore,
    /// reversals, conflict resolution).
    /// </summary>
    public LedgerBatchWriter()
        : this(IssuanceCaps.None, ExpiryPolicy.None) { }

    public async Task<IReadOnlyList<LedgerOutcome>> ApplyAsync(
        NpgsqlConnection connection,
        IReadOnlyList<LedgerWrite> commands,
        CancellationToken cancellationToken
    )
    {
        ArgumentNullException.ThrowIfNull(connection);
        ArgumentNullException.ThrowIfNull(commands);

        var outcomes = new LedgerOutcome?[commands.Count];
        var firstByKey = new Dictionary<string, int>(StringComparer.Ordinal);
        var firsts = new List<int>();
        for (var i = 0; i < commands.Count; i++)
        {
            if (firstByKey.TryAdd(commands[i].Primary.IdempotencyKey, i))
            {
                firsts.Add(i);
            }
        }

        // Every account first, before any entry: preconditions and guards decide on balances nobody else can change until
        // this commits, and every writer taking its locks in the same order (accounts, then keys) cannot deadlock with another.
        var accounts = await AccountLocks.LockAsync(connection, firsts.SelectMany(i => commands[i].AllAccounts), cancellationToken);
        var decided = commands.ToArray();
        var used = new Dictionary<string, long>(StringComparer.Ordinal);
        var view = new GuardView(accounts, used);
        await ApplyPreconditionsAsync(
            connection,
            firsts.SelectMany(i => (commands[i].Preconditions ?? []).Select(p => (p, Provenance.Of(commands[i])))).ToList(),
            accounts,
            view,
            cancellationToken
        );

        // What the command's own entries do is tracked apart from the decisions, which look ahead of what is written.
        var running = accounts.ToDictionary(a => a.Key, a => a.Value.Copy(), StringComparer.Ordinal);
        var (refused, draws) = await DecideGuardsAsync(connection, firsts, decided, accounts, used, view, cancellationToken);
        firsts.RemoveAll(refused.ContainsKey);
        var todayKeys = Issuers
            .All.Where(issuer => caps.CapOf(issuer) is not null)
            .ToDictionary(issuer => issuer, caps.TodayKeyOf, StringComparer.Ordinal);
        foreach (var (i, outcome) in await DecideIssuanceCapsAsync(connection, firsts, decided, todayKeys, cancellationToken))
        {
            refused[i] = outcome;
        }

        firsts.RemoveAll(refused.ContainsKey);

        var primaryIds = await InsertEntriesAsync(
            connection,
            firsts.Select(i => (decided[i].Primary, Provenance.Of(decided[i]))),
            cancellationToken
        );
        var storedHashByKey = await StoredHashesAsync(connection, firsts, decided, primaryIds, cancellationToken);

        var applied = firsts.Where(i => primaryIds.ContainsKey(decided[i].Primary.IdempotencyKey)).ToList();

        // Only what was written draws on its limits: a key another writer took meanwhile (other content) draws nothing.
        await LimitUsages.DrawAsync(connection, [.. applied.Where(draws.ContainsKey).SelectMany(i => draws[i])], cancellationToken);
        var followUps = DistinctFollowUps(decided, applied);
        var followUpIds = await InsertEntriesAsync(connection, followUps, cancellationToken);
        var chosenFollowUps = new HashSet<EntryDraft>(followUps.Select(f => f.Entry), ReferenceEqualityComparer.Instance);

        var written = new List<(EntryDraft Entry, long Id)>();
        var writtenByCommand = new Dictionary<int, List<(EntryDraft Entry, long Id)>>();
        foreach (var i in applied)
        {
            var entries = new List<(EntryDraft, long)> { (decided[i].Primary, primaryIds[decided[i].Primary.IdempotencyKey]) };
            entries.AddRange(
                decided[i]
                    .FollowUps.Where(f => chosenFollowUps.Contains(f) && followUpIds.ContainsKey(f.IdempotencyKey))
                    .Select(f => (f, followUpIds[f.IdempotencyKey]))
            );
            writtenByCommand[i] = entries;
            written.AddRange(entries);
        }

        await InsertPostingsAsync(connection, written, accounts, cancellationToken);
        var settlements = await SettleAsync(connection, decided, applied, writtenByCommand, accounts, cancellationToken);
        await DrawIssuanceAsync(
            connection,
            writtenByCommand.Values.SelectMany(w => w).SelectMany(w => w.Entry.Postings),
            todayKeys,
            cancellationToken
        );

        for (var i = 0; i < commands.Count; i++)
        {
            outcomes[i] =
                writtenByCommand.TryGetValue(i, out var entries)
                    ? Applied(entries, running) with
                    {
                        Settlement = settlements.GetValueOrDefault(i),
                    }
                : refused.TryGetValue(firstByKey[commands[i].Primary.IdempotencyKey], out var refusal) ? refusal
                : Unapplied(decided[i], storedHashByKey);
        }

        return outcomes!;
    }

    /// <summary>
    /// Writes the preconditions nobody wrote yet, without any command: a quota month opened by a status read or by the rollover sweeper,
    /// exactly as a deduction would open it.
    /// </summary>
    public async Task<IReadOnlyList<string>> ApplyPreconditionsAsync(
        NpgsqlConnection connection,
        IReadOnlyList<LedgerPrecondition> preconditions,
        CancellationToken cancellationToken
    )
    {
        ArgumentNullException.ThrowIfNull(preconditions);
        var accounts = await AccountLocks.LockAsync(connection, preconditions.SelectMany(p => p.Accounts), cancellationToken);
        var view = new GuardView(accounts, new Dictionary<string, long>(StringComparer.Ordinal));
        return await ApplyPreconditionsAsync(
            connection,
            [.. preconditions.Select(p => (p, Provenance.None))],
            accounts,
            view,
            cancellationToken
        );
    }

    // Moves the locked balances as it goes, so that later preconditions and guards see them. Returns the keys written.
    private async Task<IReadOnlyList<string>> ApplyPreconditionsAsync(
        NpgsqlConnection connection,
        List<(LedgerPrecondition Precondition, Provenance From)> preconditions,
        Dictionary<string, AccountState> accounts,
        GuardView view,
        CancellationToken cancellationToken
    )
    {
        if (preconditions.Count == 0)
        {
            return [];
        }

        var existing = await StoredPayloadHashes.ReadAsync(
            connection,
            [.. preconditions.Select(p => p.Precondition.IdempotencyKey).Distinct(StringComparer.Ordinal)],
            cancellationToken
        );
        var planned = new List<(EntryDraft Entry, Provenance From)>();
        var seen = new HashSet<string>(existing.Keys, StringComparer.Ordinal);
        foreach (var (precondition, from) in preconditions)
        {
            if (!seen.Add(precondition.IdempotencyKey) || precondition.Entry(view) is not { } entry)
            {
                continue;
            }

            if (entry.IdempotencyKey != precondition.IdempotencyKey)
            {
                throw new InvalidOperationException(
                    $"Precondition '{precondition.IdempotencyKey}' returned an entry keyed '{entry.IdempotencyKey}'."
                );
            }

            planned.Add((entry, from));
            foreach (var posting in entry.Postings)
            {
                accounts[posting.Account.Code].Post(posting.Amount);
            }
        }

        // The keys were read under the locks of every account they post to, so nobody can have written them since.
        var ids = await InsertEntriesAsync(connection, planned, cancellationToken);
        await InsertPostingsAsync(
            connection,
            [.. planned.Select(p => (p.Entry, ids[p.Entry.IdempotencyKey]))],
            accounts,
            cancellationToken
        );
        return [.. ids.Keys];
    }

    // Only commands whose key is new, in delivery order, each seeing the balances and limits its predecessors left; one that fails is
    // refused with what its accounts held. A key refused for good before gets the same refusal without deciding again.
    private static async Task<(Dictionary<int, LedgerOutcome> Refused, Dictionary<int, IReadOnlyList<LimitDraw>> Draws)> DecideGuardsAsync(
        NpgsqlConnection connection,
        List<int> firsts,
        LedgerWrite[] commands,
        Dictionary<string, AccountState> accounts,
        Dictionary<string, long> used,
        GuardView view,
        CancellationToken cancellationToken
    )
    {
        var refused = new Dictionary<int, LedgerOutcome>();
        var draws = new Dictionary<int, IReadOnlyList<LimitDraw>>();
        var guarded = firsts.Where(i => commands[i].Guard is not null).ToList();
        if (guarded.Count == 0)
        {
            return (refused, draws);
        }

        // A key already written is a duplicate or a conflict, decided as for any command: its guard does not run again.
        var existing = await StoredPayloadHashes.ReadAsync(
            connection,
            guarded.Select(i => commands[i].Primary.IdempotencyKey).ToArray(),
            cancellationToken
        );
        guarded.RemoveAll(i => existing.ContainsKey(commands[i].Primary.IdempotencyKey));
        var final = await FinalRefusalsAsync(
            connection,
            [.. guarded.Where(i => commands[i].Guard!.RefusalIsFinal).Select(i => commands[i].Primary.IdempotencyKey)],
            cancellationToken
        );
        foreach (
            var (key, used0) in await LimitUsages.LockAsync(
                connection,
                guarded.SelectMany(i => commands[i].Guard!.LimitKeys).Distinct(StringComparer.Ordinal).ToList(),
                cancellationToken
            )
        )
        {
            used[key] = used0;
        }

        foreach (var i in guarded)
        {
            var command = commands[i];
            var decision = final.TryGetValue(command.Primary.IdempotencyKey, out var before)
                ? GuardDecision.Refuse(before.Code, before.Reason)
                : command.Guard!.Decide(view);
            if (decision.Entry is null)
            {
                var codes = command.Primary.Postings.Select(p => p.Account.Code).ToList();
                refused[i] = LedgerOutcome.Refused(
                    decision.RefusalCode!,
                    decision.RefusalReason!,
                    codes.ToDictionary(c => c, c => accounts[c].Balance, StringComparer.Ordinal),
                    codes.ToDictionary(c => c, c => accounts[c].Credited, StringComparer.Ordinal)
                );
                continue;
            }

            commands[i] = command with { Primary = decision.Entry };
            foreach (var posting in decision.Entry.Postings)
            {
                accounts[posting.Account.Code].Post(posting.Amount);
            }

            foreach (var draw in decision.Draws)
            {
                used[draw.LimitKey] += draw.Amount;
            }

            draws[i] = decision.Draws;
        }

        return (refused, draws);
    }

    // Counts what the batch's earlier commands mint. Only entries not yet written count: a duplicate mints nothing, nor does a
    // once-per-user bonus already given. What a settlement mints after its command (a streak bonus, a badge) cannot be known before it
    // runs: it never refuses its command, but counts toward the day (DrawIssuanceAsync).
    private async Task<Dictionary<int, LedgerOutcome>> DecideIssuanceCapsAsync(
        NpgsqlConnection connection,
        List<int> firsts,
        LedgerWrite[] commands,
        Dictionary<string, string> todayKeys,
        CancellationToken cancellationToken
    )
    {
        var refused = new Dictionary<int, LedgerOutcome>();
        var minting =
            todayKeys.Count == 0 ? [] : firsts.Where(i => caps.Minted(commands[i].AllEntries.SelectMany(e => e.Postings)).Any()).ToList();
        if (minting.Count == 0)
        {
            return refused;
        }

        var written = await StoredPayloadHashes.ReadAsync(
            connection,
            [.. minting.SelectMany(i => commands[i].AllEntries).Select(e => e.IdempotencyKey).Distinct(StringComparer.Ordinal)],
            cancellationToken
        );
        var taken = new HashSet<string>(written.Keys, StringComparer.Ordinal);

        // Locked after the accounts and the guards' limits, as every writer does: the same order everywhere, no deadlock.
        var used = await LimitUsages.LockAsync(connection, [.. todayKeys.Values], cancellationToken);
        foreach (var i in minting.Where(i => !taken.Contains(commands[i].Primary.IdempotencyKey)))
        {
            var entries = commands[i].AllEntries.Where(e => !taken.Contains(e.IdempotencyKey)).ToList();
            var minted = caps.Minted(entries.SelectMany(e => e.Postings)).ToList();
            if (minted.FirstOrDefault(m => used[todayKeys[m.Issuer]] + m.Points > caps.CapOf(m.Issuer)) is { Issuer: not null } over)
            {
                refused[i] = LedgerOutcome.Rejected(
                    IssuanceCaps.RefusalCode,
                    caps.Refusal(over.Issuer, caps.CapOf(over.Issuer)!.Value, used[todayKeys[over.Issuer]], over.Points)
                );
                continue;
            }

            foreach (var (issuer, points) in minted)
            {
                used[todayKeys[issuer]] += points;
            }

            taken.UnionWith(entries.Select(e => e.IdempotencyKey));
        }

        return refused;
    }

    private async Task DrawIssuanceAsync(
        NpgsqlConnection connection,
        IEnumerable<PostingDraft> written,
        Dictionary<string, string> todayKeys,
        CancellationToken cancellationToken
    )
    {
        if (todayKeys.Count == 0)
        {
            return;
        }

        var draws = caps.Minted(written).Select(m => new LimitDraw(todayKeys[m.Issuer], m.Points)).ToList();
        if (draws.Count > 0)
        {
            // Usually locked already by the decision; a batch whose only minting came from settlements locks them here.
            await LimitUsages.LockAsync(connection, [.. draws.Select(d => d.LimitKey)], cancellationToken);
            await LimitUsages.DrawAsync(connection, draws, cancellationToken);
        }
    }

    // Once per settlement and in delivery order; the entries it returns are written as the commands' own (a key that exists is skipped).
    private async Task<Dictionary<int, object?>> SettleAsync(
        NpgsqlConnection connection,
        LedgerWrite[] commands,
        List<int> applied,
        Dictionary<int, List<(EntryDraft Entry, long Id)>> writtenByCommand,
        Dictionary<string, AccountState> accounts,
        CancellationToken cancellationToken
    )
    {
        var results = new Dictionary<int, object?>();
        foreach (var group in applied.Where(i => commands[i].Settlement is not null).GroupBy(i => commands[i].Settlement!.Settler))
        {
            var indexes = group.ToList();
            var requests = indexes.Select(i => commands[i].Settlement!).ToList();
            var settled = await requests[0].SettleAsync(connection, requests, cancellationToken);
            var planned = new List<(EntryDraft Entry, Provenance From)>();
            var owner = new Dictionary<string, int>(StringComparer.Ordinal);
            for (var n = 0; n < indexes.Count; n++)
            {
                results[indexes[n]] = settled[n].Result;
                foreach (var entry in settled[n].Entries.Where(e => owner.TryAdd(e.IdempotencyKey, indexes[n])))
                {
                    // Only accounts locked before the batch decided anything: a settlement may not take locks out of order.
                    if (entry.Postings.FirstOrDefault(p => !accounts.ContainsKey(p.Account.Code)) is { } stray)
                    {
                        throw new InvalidOperationException(
                            $"Settlement entry '{entry.IdempotencyKey}' posts to {stray.Account.Code}, which its command did not name."
                        );
                    }

                    planned.Add((entry, Provenance.Of(commands[indexes[n]])));
                }
            }

            var ids = await InsertEntriesAsync(connection, planned, cancellationToken);
            var written = planned
                .Where(p => ids.ContainsKey(p.Entry.IdempotencyKey))
                .Select(p => (p.Entry, ids[p.Entry.IdempotencyKey]))
                .ToList();
            await InsertPostingsAsync(connection, written, accounts, cancellationToken);
            foreach (var (entry, id) in written)
            {
                writtenByCommand[owner[entry.IdempotencyKey]].Add((entry, id));
            }
        }

        return results;
    }

    private static async Task<Dictionary<string, (string Code, string Reason)>> FinalRefusalsAsync(
        NpgsqlConnection connection,
        string[] keys,
        CancellationToken cancellationToken
    )
    {
        var refusals = new Dictionary<string, (string, string)>(StringComparer.Ordinal);
        if (keys.Length == 0)
        {
            return refusals;
        }

        await using var command = new NpgsqlCommand(RefusalsSql, connection);
        command.Parameters.Add(new NpgsqlParameter<string[]>("keys", keys));
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            refusals[reader.GetString(0)] = (reader.GetString(1), reader.GetString(2));
        }

        return refusals;
    }

    private static LedgerOutcome Applied(List<(EntryDraft Entry, long Id)> entries, Dictionary<string, AccountState> running)
    {
        var balances = new Dictionary<string, long>(StringComparer.Ordinal);
        var credited = new Dictionary<string, long>(StringComparer.Ordinal);
        foreach (var posting in entries.SelectMany(e => e.Entry.Postings))
        {
            var account = running[posting.Account.Code];
            account.Post(posting.Amount);
            balances[posting.Account.Code] = account.Balance;
            credited[posting.Account.Code] = account.Credited;
        }

        var applied = entries
            .Select(e => new AppliedEntry(
                e.Id,
                e.Entry.IdempotencyKey,
                e.Entry.EntryType,
                e.Entry.Postings.Where(p => p.Amount > 0).Sum(p => p.Amount)
            ))
            .ToList();
        return new LedgerOutcome(LedgerOutcomeKind.Applied, applied, balances) { CreditedAfter = credited };
    }

    private static LedgerOutcome Unapplied(LedgerWrite command, Dictionary<string, StoredPayload> storedHashByKey)
    {
        var key = command.Primary.IdempotencyKey;
        var stored = storedHashByKey[key];
        return stored.Hash == command.Primary.PayloadHash
            ? LedgerOutcome.AlreadyApplied
            : LedgerOutcome.Conflicted(
                $"Idempotency key '{key}' was already applied with different content "
                    + $"(stored payload {stored.Hash[..12]} from message {stored.SourceMessageId?.ToString() ?? "unknown"}, "
                    + $"this message {command.SourceMessageId?.ToString() ?? "unknown"} with payload "
                    + $"{command.Primary.PayloadHash[..12]}; the first delivered wins). "
                    + "The ledger is unchanged. If the new content is right, resolve the conflict for it (`dlq "
                    + "resolve MESSAGE_ID --keep dead-lettered`, or the operator console): the applied entry is "
                    + "reversed and this one applied, in one transaction."
            );
    }

    private static List<(EntryDraft Entry, Provenance From)> DistinctFollowUps(LedgerWrite[] commands, List<int> applied)
    {
        var seen = new HashSet<string>(StringComparer.Ordinal);
        return applied
            .SelectMany(i => commands[i].FollowUps.Select(f => (Entry: f, From: Provenance.Of(commands[i]))))
            .Where(f => seen.Add(f.Entry.IdempotencyKey))
            .ToList();
    }

    private static async Task<Dictionary<string, StoredPayload>> StoredHashesAsync(
        NpgsqlConnection connection,
        List<int> firsts,
        LedgerWrite[] commands,
        Dictionary<string, long> insertedIds,
        CancellationToken cancellationToken
    )
    {
        var hashes = new Dictionary<string, StoredPayload>(StringComparer.Ordinal);
        var missing = new List<string>();
        foreach (var command in firsts.Select(i => commands[i]))
        {
            var entry = command.Primary;
            if (insertedIds.ContainsKey(entry.IdempotencyKey))
            {
                hashes[entry.IdempotencyKey] = new StoredPayload(entry.PayloadHash, command.SourceMessageId);
            }
            else
            {
                missing.Add(entry.IdempotencyKey);
            }
        }

        if (missing.Count == 0)
        {
            return hashes;
        }

        foreach (var (key, stored) in await StoredPayloadHashes.ReadAsync(connection, [.. missing], cancellationToken))
        {
            hashes[key] = stored;
        }

        return hashes;
    }

    private Task<Dictionary<string, long>> InsertEntriesAsync(
        NpgsqlConnection connection,
        IEnumerable<(EntryDraft Entry, Provenance From)> drafts,
        CancellationToken cancellationToken
    ) =>
        JournalInserts.EntriesAsync(
            connection,
            [
                .. drafts.Select(d => new JournalEntryRow(
                    d.Entry.IdempotencyKey,
                    d.Entry.EntryType,
                    d.Entry.Description,
                    d.Entry.PayloadHash,
                    d.Entry.OccurredAt,
                    d.Entry.MetadataJson,
                    d.Entry.RecordedAt,
                    d.From.MessageId,
                    d.From.TraceId
                )
                {
                    PointsExpireAt = d.Entry.PointsExpireAt,
                    ExpiryMonths = d.Entry.PointsExpireAt is null ? expiry.MonthsOf(d.Entry.EntryType) : null,
                }),
            ],
            cancellationToken
        );

    private static Task InsertPostingsAsync(
        NpgsqlConnection connection,
        List<(EntryDraft Entry, long Id)> written,
        Dictionary<string, AccountState> accounts,
        CancellationToken cancellationToken
    ) =>
        JournalInserts.PostingsAsync(
            connection,
            [.. written.SelectMany(w => w.Entry.Postings.Select(p => new PostingRow(w.Id, accounts[p.Account.Code].Id, p.Amount)))],
            cancellationToken
        );
}
