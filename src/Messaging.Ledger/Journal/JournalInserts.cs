using Npgsql;
using NpgsqlTypes;

namespace Messaging.Ledger.Journal;

// The only statements that insert journal entries and postings, for every writer (the batch writer, hold captures): one column list, one
// way of recording provenance, and the posting trigger sees every entry's postings in one statement.
internal static class JournalInserts
{
    // onlyWhen: a condition on each row (x.k is its key) that must hold for it to be inserted, checked in the same statement.
    private static string EntriesSql(string? onlyWhen) =>
        $"""
            INSERT INTO journal_entries (idempotency_key, entry_type, description, payload_hash, source_message_id, occurred_at, metadata,
                trace_id, recorded_at, points_expire_at)
            SELECT k, t, d, h, m, o, md, tr, coalesce(r, now()), coalesce(pe, coalesce(r, now()) + make_interval(months => em))
            FROM unnest(@keys, @types, @descriptions, @hashes, @message_ids, @occurred_at, @metadata, @trace_ids, @recorded_at,
                @points_expire_at, @expiry_months) AS x(k, t, d, h, m, o, md, tr, r, pe, em)
            {(onlyWhen is null ? "" : "WHERE " + onlyWhen)}
            -- Key order: two writers waiting on each other's uncommitted keys always wait the same way round.
            ORDER BY k COLLATE "C"
            ON CONFLICT (idempotency_key) DO NOTHING
            RETURNING id, idempotency_key
            """;

    private static readonly string EveryEntrySql = EntriesSql(null);

    // Each posting takes its entry's time; a subquery, not a join, so a posting of a missing entry fails (NOT NULL) instead of vanishing.
    private const string PostingsSql = """
        INSERT INTO postings (journal_entry_id, account_id, amount, recorded_at)
        SELECT x.e, x.a, x.m, (SELECT j.recorded_at FROM journal_entries j WHERE j.id = x.e)
        FROM unnest(@entry_ids, @account_ids, @amounts) AS x(e, a, m)
        """;

    /// <returns>The id of each entry inserted, by key; entries whose key exists already are not inserted.</returns>
    public static async Task<Dictionary<string, long>> EntriesAsync(
        NpgsqlConnection connection,
        IReadOnlyList<JournalEntryRow> entries,
        CancellationToken cancellationToken
    )
    {
        if (entries.Count == 0)
        {
            return new Dictionary<string, long>(StringComparer.Ordinal);
        }

        await using var batch = new NpgsqlBatch(connection) { BatchCommands = { EntriesCommand(entries) } };
        await using var reader = await batch.ExecuteReaderAsync(cancellationToken);
        return await ReadEntryIdsAsync(reader, cancellationToken);
    }

    // For a caller that sends the entries in one round trip with statements of its own (a hold's capture).
    public static NpgsqlBatchCommand EntriesCommand(IReadOnlyList<JournalEntryRow> entries, string? onlyWhen = null)
    {
        var command = new NpgsqlBatchCommand(onlyWhen is null ? EveryEntrySql : EntriesSql(onlyWhen));
        command.Parameters.Add(new NpgsqlParameter<string[]>("keys", [.. entries.Select(e => e.IdempotencyKey)]));
        command.Parameters.Add(new NpgsqlParameter<string[]>("types", [.. entries.Select(e => e.EntryType)]));
        command.Parameters.Add(new NpgsqlParameter<string[]>("descriptions", [.. entries.Select(e => e.Description)]));
        command.Parameters.Add(new NpgsqlParameter<string[]>("hashes", [.. entries.Select(e => e.PayloadHash)]));
        command.Parameters.Add(new NpgsqlParameter<Guid?[]>("message_ids", [.. entries.Select(e => e.SourceMessageId)]));
        command.Parameters.Add(new NpgsqlParameter<string?[]>("trace_ids", [.. entries.Select(e => e.TraceId)]));
        command.Parameters.Add(
            new NpgsqlParameter<DateTime[]>("occurred_at", [.. entries.Select(e => e.OccurredAt.UtcDateTime)])
            {
                NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.TimestampTz,
            }
        );
        command.Parameters.Add(
            new NpgsqlParameter<string[]>("metadata", [.. entries.Select(e => e.MetadataJson)])
            {
                NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Jsonb,
            }
        );
        command.Parameters.Add(
            new NpgsqlParameter<DateTime?[]>("recorded_at", [.. entries.Select(e => e.RecordedAt?.UtcDateTime)])
            {
                NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.TimestampTz,
            }
        );
        command.Parameters.Add(
            new NpgsqlParameter<DateTime?[]>("points_expire_at", [.. entries.Select(e => e.PointsExpireAt?.UtcDateTime)])
            {
                NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.TimestampTz,
            }
        );
        command.Parameters.Add(new NpgsqlParameter<int?[]>("expiry_months", [.. entries.Select(e => e.ExpiryMonths)]));
        return command;
    }

    /// <summary>Reads what <see cref="EntriesCommand"/> returned: the id of each entry inserted, by key.</summary>
    public static async Task<Dictionary<string, long>> ReadEntryIdsAsync(NpgsqlDataReader reader, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(reader);
        var ids = new Dictionary<string, long>(StringComparer.Ordinal);
        while (await reader.ReadAsync(cancellationToken))
        {
            ids[reader.GetString(1)] = reader.GetInt64(0);
        }

        return ids;
    }

    // In one statement, so the posting trigger checks each of their entries balances.
    public static async Task PostingsAsync(
        NpgsqlConnection connection,
        IReadOnlyList<PostingRow> postings,
        CancellationToken cancellationToken
    )
    {
        if (postings.Count == 0)
        {
            return;
        }

        await using var batch = new NpgsqlBatch(connection) { BatchCommands = { PostingsCommand(postings) } };
        await batch.ExecuteNonQueryAsync(cancellationToken);
    }

    // For a caller that sends the postings in one round trip with statements of its own (a hold's capture).
    public static NpgsqlBatchCommand PostingsCommand(IReadOnlyList<PostingRow> postings)
    {
        var command = new NpgsqlBatchCommand(PostingsSql);
        command.Parameters.Add(new NpgsqlParameter<long[]>("entry_ids", [.. postings.Select(p => p.JournalEntryId)]));
        command.Parameters.Add(new NpgsqlParameter<long[]>("account_ids", [.. postings.Select(p => p.AccountId)]));
        command.Parameters.Add(new NpgsqlParameter<long[]>("amounts", [.. postings.Select(p => p.Amount)]));
        return command;
    }
}
