using Messaging.Ledger.Accounts;
using Messaging.Ledger.Journal;
using Npgsql;
using NpgsqlTypes;

namespace Messaging.Ledger.Writing;

/// <summary>
/// Applies many <see cref="LedgerCommand"/>s inside the caller's transaction with a handful of set-based
/// statements, whatever the batch size. Idempotency is decided by the database's unique key on
/// <c>journal_entries.idempotency_key</c>, never by process memory, so any number of writers may run.
/// </summary>
public sealed class LedgerBatchWriter
{
    private const string InsertEntriesSql = """
        INSERT INTO journal_entries (idempotency_key, entry_type, description, payload_hash, source_message_id, occurred_at, metadata)
        SELECT * FROM unnest(@keys, @types, @descriptions, @hashes, @message_ids, @occurred_at, @metadata) AS t(k)
        -- Key order: two writers waiting on each other's uncommitted keys always wait the same way round.
        ORDER BY k COLLATE "C"
        ON CONFLICT (idempotency_key) DO NOTHING
        RETURNING id, idempotency_key
        """;

    private const string EnsureAccountsSql = """
        INSERT INTO accounts (code, tenant_id, kind, owner_id, allow_negative)
        SELECT code, tenant_id, kind, owner_id, allow_negative
        FROM unnest(@codes, @tenants, @kinds, @owners, @allow_negative) AS t(code, tenant_id, kind, owner_id, allow_negative)
        ORDER BY code
        ON CONFLICT (code) DO NOTHING
        """;

    // Row locks in id order (concurrent writers queue instead of deadlocking), through a function owned by the schema's
    // owner: the processor's role may lock accounts but not update them (Migrations/DatabaseRolesSql.cs).
    private const string LockAccountsSql = "SELECT id, code, balance, held FROM ledger_lock_accounts(@codes)";

    private const string InsertPostingsSql = """
        INSERT INTO postings (journal_entry_id, account_id, amount)
        SELECT * FROM unnest(@entry_ids, @account_ids, @amounts)
        """;

    public async Task<IReadOnlyList<LedgerOutcome>> ApplyAsync(
        NpgsqlConnection connection,
        IReadOnlyList<LedgerCommand> commands,
        CancellationToken cancellationToken)
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

        // Every account first, before any entry: a guard decides on balances nobody else can change until this commits,
        // and every writer taking its locks in the same order (accounts, then keys) cannot deadlock with another.
        var accounts = await LockAccountsAsync(connection, firsts.SelectMany(i => commands[i].AllEntries).SelectMany(e => e.Postings).Select(p => p.Account), cancellationToken);
        var running = accounts.ToDictionary(a => a.Key, a => a.Value.Balance, StringComparer.Ordinal);
        var decided = commands.ToArray();
        var (refused, draws) = await DecideGuardsAsync(connection, firsts, decided, accounts, cancellationToken);
        firsts.RemoveAll(refused.ContainsKey);

        var primaryIds = await InsertEntriesAsync(connection, firsts.Select(i => (decided[i].Primary, decided[i].SourceMessageId)), cancellationToken);
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
            entries.AddRange(decided[i].FollowUps
                .Where(f => chosenFollowUps.Contains(f) && followUpIds.ContainsKey(f.IdempotencyKey))
                .Select(f => (f, followUpIds[f.IdempotencyKey])));
            writtenByCommand[i] = entries;
            written.AddRange(entries);
        }

        await InsertPostingsAsync(connection, written, accounts, cancellationToken);

        for (var i = 0; i < commands.Count; i++)
        {
            outcomes[i] = writtenByCommand.TryGetValue(i, out var entries) ? Applied(entries, running)
                : refused.TryGetValue(firstByKey[commands[i].Primary.IdempotencyKey], out var refusal) ? refusal
                : Unapplied(decided[i], storedHashByKey);
        }

        return outcomes!;
    }

    /// <summary>
    /// Runs the guards of the batch's guarded commands whose key is new, in delivery order, each seeing the balances and
    /// limits its predecessors left; a command that passes gets the guard's entry and what it draws, one that fails is refused.
    /// </summary>
    private static async Task<(Dictionary<int, LedgerOutcome> Refused, Dictionary<int, IReadOnlyList<LimitDraw>> Draws)> DecideGuardsAsync(
        NpgsqlConnection connection,
        List<int> firsts,
        LedgerCommand[] commands,
        Dictionary<string, (long Id, long Balance, long Held)> accounts,
        CancellationToken cancellationToken)
    {
        var refused = new Dictionary<int, LedgerOutcome>();
        var draws = new Dictionary<int, IReadOnlyList<LimitDraw>>();
        var guarded = firsts.Where(i => commands[i].Guard is not null).ToList();
        if (guarded.Count == 0)
        {
            return (refused, draws);
        }

        // A key already written is a duplicate or a conflict, decided as for any command: its guard does not run again.
        var existing = await StoredPayloadHashes.ReadAsync(connection, guarded.Select(i => commands[i].Primary.IdempotencyKey).ToArray(), cancellationToken);
        guarded.RemoveAll(i => existing.ContainsKey(commands[i].Primary.IdempotencyKey));
        var used = await LimitUsages.LockAsync(connection, guarded.SelectMany(i => commands[i].Guard!.LimitKeys).Distinct(StringComparer.Ordinal).ToList(), cancellationToken);
        var available = accounts.ToDictionary(a => a.Key, a => a.Value.Balance - a.Value.Held, StringComparer.Ordinal);
        var view = new GuardView(available, used);
        foreach (var i in guarded)
        {
            var decision = commands[i].Guard!.Decide(view);
            if (decision.Entry is null)
            {
                refused[i] = LedgerOutcome.Refused(decision.RefusalCode!, decision.RefusalReason!);
                continue;
            }

            commands[i] = commands[i] with { Primary = decision.Entry };
            foreach (var posting in decision.Entry.Postings)
            {
                available[posting.Account.Code] += posting.Amount;
            }

            foreach (var draw in decision.Draws)
            {
                used[draw.LimitKey] += draw.Amount;
            }

            draws[i] = decision.Draws;
        }

        return (refused, draws);
    }

    private static LedgerOutcome Applied(List<(EntryDraft Entry, long Id)> entries, Dictionary<string, long> running)
    {
        var balances = new Dictionary<string, long>(StringComparer.Ordinal);
        foreach (var posting in entries.SelectMany(e => e.Entry.Postings))
        {
            running[posting.Account.Code] += posting.Amount;
            balances[posting.Account.Code] = running[posting.Account.Code];
        }

        var applied = entries
            .Select(e => new AppliedEntry(e.Id, e.Entry.IdempotencyKey, e.Entry.EntryType, e.Entry.Postings.Where(p => p.Amount > 0).Sum(p => p.Amount)))
            .ToList();
        return new LedgerOutcome(LedgerOutcomeKind.Applied, applied, balances);
    }

    private static LedgerOutcome Unapplied(LedgerCommand command, Dictionary<string, StoredPayload> storedHashByKey)
    {
        var key = command.Primary.IdempotencyKey;
        var stored = storedHashByKey[key];
        return stored.Hash == command.Primary.PayloadHash
            ? LedgerOutcome.AlreadyApplied
            : LedgerOutcome.Conflicted(
                $"Idempotency key '{key}' was already applied with different content " +
                $"(stored payload {stored.Hash[..12]} from message {stored.SourceMessageId?.ToString() ?? "unknown"}, " +
                $"this message {command.SourceMessageId?.ToString() ?? "unknown"} with payload {command.Primary.PayloadHash[..12]}; the first delivered wins). " +
                "The ledger is unchanged. If the new content is right, record an adjustment instead of resending the message.");
    }

    private static List<(EntryDraft Entry, Guid? MessageId)> DistinctFollowUps(LedgerCommand[] commands, List<int> applied)
    {
        var seen = new HashSet<string>(StringComparer.Ordinal);
        return applied
            .SelectMany(i => commands[i].FollowUps.Select(f => (Entry: f, MessageId: commands[i].SourceMessageId)))
            .Where(f => seen.Add(f.Entry.IdempotencyKey))
            .ToList();
    }

    private static async Task<Dictionary<string, StoredPayload>> StoredHashesAsync(
        NpgsqlConnection connection,
        List<int> firsts,
        LedgerCommand[] commands,
        Dictionary<string, long> insertedIds,
        CancellationToken cancellationToken)
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

    private static async Task<Dictionary<string, long>> InsertEntriesAsync(
        NpgsqlConnection connection,
        IEnumerable<(EntryDraft Entry, Guid? MessageId)> drafts,
        CancellationToken cancellationToken)
    {
        var list = drafts.ToList();
        var ids = new Dictionary<string, long>(StringComparer.Ordinal);
        if (list.Count == 0)
        {
            return ids;
        }

        await using var command = new NpgsqlCommand(InsertEntriesSql, connection);
        command.Parameters.Add(new NpgsqlParameter<string[]>("keys", list.Select(d => d.Entry.IdempotencyKey).ToArray()));
        command.Parameters.Add(new NpgsqlParameter<string[]>("types", list.Select(d => d.Entry.EntryType).ToArray()));
        command.Parameters.Add(new NpgsqlParameter<string[]>("descriptions", list.Select(d => d.Entry.Description).ToArray()));
        command.Parameters.Add(new NpgsqlParameter<string[]>("hashes", list.Select(d => d.Entry.PayloadHash).ToArray()));
        command.Parameters.Add(new NpgsqlParameter<Guid?[]>("message_ids", list.Select(d => d.MessageId).ToArray()));
        command.Parameters.Add(new NpgsqlParameter<DateTime[]>("occurred_at", list.Select(d => d.Entry.OccurredAt.UtcDateTime).ToArray())
        {
            NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.TimestampTz,
        });
        command.Parameters.Add(new NpgsqlParameter<string[]>("metadata", list.Select(d => d.Entry.MetadataJson).ToArray())
        {
            NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Jsonb,
        });

        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            ids[reader.GetString(1)] = reader.GetInt64(0);
        }

        return ids;
    }

    private static async Task<Dictionary<string, (long Id, long Balance, long Held)>> LockAccountsAsync(
        NpgsqlConnection connection,
        IEnumerable<AccountRef> refs,
        CancellationToken cancellationToken)
    {
        var distinct = refs.DistinctBy(r => r.Code).OrderBy(r => r.Code, StringComparer.Ordinal).ToList();
        var accounts = new Dictionary<string, (long, long, long)>(StringComparer.Ordinal);
        if (distinct.Count == 0)
        {
            return accounts;
        }

        var codes = distinct.Select(r => r.Code).ToArray();
        await using var batch = new NpgsqlBatch(connection);
        var ensure = new NpgsqlBatchCommand(EnsureAccountsSql);
        ensure.Parameters.Add(new NpgsqlParameter<string[]>("codes", codes));
        ensure.Parameters.Add(new NpgsqlParameter<string[]>("tenants", distinct.Select(r => r.TenantId).ToArray()));
        ensure.Parameters.Add(new NpgsqlParameter<string[]>("kinds", distinct.Select(r => r.Kind).ToArray()));
        ensure.Parameters.Add(new NpgsqlParameter<string?[]>("owners", distinct.Select(r => r.OwnerId).ToArray()));
        ensure.Parameters.Add(new NpgsqlParameter<bool[]>("allow_negative", distinct.Select(r => r.AllowNegative).ToArray()));
        var lockRows = new NpgsqlBatchCommand(LockAccountsSql);
        lockRows.Parameters.Add(new NpgsqlParameter<string[]>("codes", codes));
        batch.BatchCommands.Add(ensure);
        batch.BatchCommands.Add(lockRows);

        await using var reader = await batch.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            accounts[reader.GetString(1)] = (reader.GetInt64(0), reader.GetInt64(2), reader.GetInt64(3));
        }

        return accounts;
    }

    private static async Task InsertPostingsAsync(
        NpgsqlConnection connection,
        List<(EntryDraft Entry, long Id)> written,
        Dictionary<string, (long Id, long Balance, long Held)> accounts,
        CancellationToken cancellationToken)
    {
        if (written.Count == 0)
        {
            return;
        }

        var lines = written.SelectMany(w => w.Entry.Postings.Select(p => (EntryId: w.Id, AccountId: accounts[p.Account.Code].Id, p.Amount))).ToList();
        await using var command = new NpgsqlCommand(InsertPostingsSql, connection);
        command.Parameters.Add(new NpgsqlParameter<long[]>("entry_ids", lines.Select(l => l.EntryId).ToArray()));
        command.Parameters.Add(new NpgsqlParameter<long[]>("account_ids", lines.Select(l => l.AccountId).ToArray()));
        command.Parameters.Add(new NpgsqlParameter<long[]>("amounts", lines.Select(l => l.Amount).ToArray()));
        await command.ExecuteNonQueryAsync(cancellationToken);
    }
}
