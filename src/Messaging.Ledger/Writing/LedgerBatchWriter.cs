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

    // Row locks in id order: concurrent writers queue instead of deadlocking.
    private const string LockAccountsSql =
        "SELECT id, code, balance FROM accounts WHERE code = ANY(@codes) ORDER BY id FOR UPDATE";

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

        var primaryIds = await InsertEntriesAsync(connection, firsts.Select(i => (commands[i].Primary, commands[i].SourceMessageId)), cancellationToken);
        var storedHashByKey = await StoredHashesAsync(connection, firsts, commands, primaryIds, cancellationToken);

        var applied = firsts.Where(i => primaryIds.ContainsKey(commands[i].Primary.IdempotencyKey)).ToList();
        var followUps = DistinctFollowUps(commands, applied);
        var followUpIds = await InsertEntriesAsync(connection, followUps, cancellationToken);
        var chosenFollowUps = new HashSet<EntryDraft>(followUps.Select(f => f.Entry), ReferenceEqualityComparer.Instance);

        var written = new List<(EntryDraft Entry, long Id)>();
        var writtenByCommand = new Dictionary<int, List<(EntryDraft Entry, long Id)>>();
        foreach (var i in applied)
        {
            var entries = new List<(EntryDraft, long)> { (commands[i].Primary, primaryIds[commands[i].Primary.IdempotencyKey]) };
            entries.AddRange(commands[i].FollowUps
                .Where(f => chosenFollowUps.Contains(f) && followUpIds.ContainsKey(f.IdempotencyKey))
                .Select(f => (f, followUpIds[f.IdempotencyKey])));
            writtenByCommand[i] = entries;
            written.AddRange(entries);
        }

        var accounts = await LockAccountsAsync(connection, written.SelectMany(w => w.Entry.Postings).Select(p => p.Account), cancellationToken);
        await InsertPostingsAsync(connection, written, accounts, cancellationToken);

        var running = accounts.ToDictionary(a => a.Key, a => a.Value.Balance, StringComparer.Ordinal);
        for (var i = 0; i < commands.Count; i++)
        {
            outcomes[i] = writtenByCommand.TryGetValue(i, out var entries)
                ? Applied(entries, running)
                : Unapplied(commands[i], storedHashByKey);
        }

        return outcomes!;
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

    private static List<(EntryDraft Entry, Guid? MessageId)> DistinctFollowUps(IReadOnlyList<LedgerCommand> commands, List<int> applied)
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
        IReadOnlyList<LedgerCommand> commands,
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

    private static async Task<Dictionary<string, (long Id, long Balance)>> LockAccountsAsync(
        NpgsqlConnection connection,
        IEnumerable<AccountRef> refs,
        CancellationToken cancellationToken)
    {
        var distinct = refs.DistinctBy(r => r.Code).OrderBy(r => r.Code, StringComparer.Ordinal).ToList();
        var accounts = new Dictionary<string, (long, long)>(StringComparer.Ordinal);
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
            accounts[reader.GetString(1)] = (reader.GetInt64(0), reader.GetInt64(2));
        }

        return accounts;
    }

    private static async Task InsertPostingsAsync(
        NpgsqlConnection connection,
        List<(EntryDraft Entry, long Id)> written,
        Dictionary<string, (long Id, long Balance)> accounts,
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
