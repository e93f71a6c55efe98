using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Dapper;
using Messaging.Ledger.Accounts;
using Messaging.Ledger.Journal;
using Messaging.Ledger.Writing;
using Npgsql;

namespace Messaging.Ledger.Backups;

// Restoring replays entries through the same LedgerBatchWriter the processor uses, keyed by their idempotency keys: balances are rebuilt
// by the database from postings, an entry already present is skipped, and restoring the same backup twice changes nothing; the other
// tables' rows follow, each skipped when already there.
public sealed class LedgerBackup(NpgsqlDataSource dataSource)
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    private const string EntriesSql = """
        SELECT e.id, e.idempotency_key, e.entry_type, e.description, e.payload_hash, e.source_message_id, e.occurred_at, e.metadata::text,
            a.code, p.amount, e.recorded_at, e.points_expire_at,
            c.sequence AS chain_sequence, encode(c.hash, 'hex') AS chain_hash,
            encode(coalesce(b.hash, decode(repeat('00', 32), 'hex')), 'hex') AS chain_previous
        FROM journal_entries e
        JOIN postings p ON p.journal_entry_id = e.id
        JOIN accounts a ON a.id = p.account_id
        LEFT JOIN journal_chain c ON c.journal_entry_id = e.id
        LEFT JOIN journal_chain b ON b.sequence = c.sequence - 1
        WHERE @user IS NULL OR e.id IN (
            SELECT p2.journal_entry_id FROM postings p2 JOIN accounts w ON w.id = p2.account_id WHERE w.kind = 'user_wallet' AND w.owner_id
                = @user)
        ORDER BY e.id, p.id
        """;

    private const string AccountsSql = """
        SELECT id, code, kind, owner_id, allow_negative, balance, last_credited_at FROM accounts WHERE code = ANY(@codes) ORDER BY id
        """;

    private const string HeadSql = "SELECT sequence, encode(hash, 'hex') AS hash FROM journal_chain ORDER BY sequence DESC LIMIT 1";

    /// <param name="destination">Where the file is written.</param>
    /// <param name="userId">Only the entries that touch this user's wallet; none: everything.</param>
    /// <param name="signingKey">An Ed25519 key to sign the header with (a third line); none: unsigned.</param>
    /// <param name="cancellationToken">Stops the backup.</param>
    public async Task<BackupHeader> CreateAsync(
        Stream destination,
        string? userId,
        NSec.Cryptography.Key? signingKey,
        CancellationToken cancellationToken
    )
    {
        ArgumentNullException.ThrowIfNull(destination);

        // One snapshot for everything read, so that what refers to what agrees (a hold and the entry that captured it).
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(System.Data.IsolationLevel.RepeatableRead, cancellationToken);
        var entries = new List<BackupEntry>();
        long lastId = -1;
        List<BackupPosting>? postings = null;

        // Unbuffered: a full backup reads every posting, and each row is folded into its entry as it comes.
        var rows = connection.QueryUnbufferedAsync<EntryPostingRow>(EntriesSql, new { user = userId }, transaction);
        await foreach (var row in rows.WithCancellation(cancellationToken))
        {
            if (row.Id != lastId)
            {
                lastId = row.Id;
                postings = [];
                entries.Add(
                    new BackupEntry(
                        row.IdempotencyKey,
                        row.EntryType,
                        row.Description,
                        row.PayloadHash,
                        row.SourceMessageId,
                        row.OccurredAt,
                        row.Metadata,
                        postings,
                        row.RecordedAt
                    )
                    {
                        PointsExpireAt = row.PointsExpireAt,
                        ChainSequence = row.ChainSequence,
                        ChainHash = row.ChainSequence is null ? null : row.ChainHash,
                        ChainPrevious = row.ChainSequence is null ? null : row.ChainPrevious,
                    }
                );
            }

            postings!.Add(new BackupPosting(row.Code, row.Amount));
        }

        var codes = entries.SelectMany(e => e.Postings).Select(p => p.Account).Distinct().ToArray();
        var accounts = (
            await connection.QueryAsync<AccountRow>(
                new CommandDefinition(AccountsSql, new { codes }, transaction, cancellationToken: cancellationToken)
            )
        )
            .Select(a => new BackupAccount(a.Code, a.Kind, a.OwnerId, a.AllowNegative, a.Balance, a.LastCreditedAt) { Id = a.Id })
            .ToList();

        var tables = userId is null ? await ReadTablesAsync(connection, transaction, cancellationToken) : null;
        var head = await connection.QuerySingleOrDefaultAsync<Chain.ChainCheckpoint>(
            new CommandDefinition(HeadSql, transaction: transaction, cancellationToken: cancellationToken)
        );
        var contents = JsonSerializer.Serialize(new BackupContents(accounts, entries, tables), Json);
        var header = new BackupHeader(
            BackupHeader.FormatName,
            BackupHeader.CurrentVersion,
            DateTimeOffset.UtcNow,
            userId is null ? "full" : $"user:{userId}",
            accounts.Count,
            entries.Count,
            Sha256(contents)
        )
        {
            ChainSequence = head?.Sequence,
            ChainHash = head?.Hash,
        };
        var headerLine = JsonSerializer.Serialize(header, Json);
        await using var writer = new StreamWriter(destination, new UTF8Encoding(false), leaveOpen: true);
        await writer.WriteLineAsync(headerLine);
        await writer.WriteLineAsync(contents);
        if (signingKey is not null)
        {
            await writer.WriteLineAsync(JsonSerializer.Serialize(BackupSigning.Sign(signingKey, headerLine), Json));
        }

        return header;
    }

    /// <exception cref="InvalidBackupException">The file fails a check; the message says which.</exception>
    public static async Task<BackupFile> ReadAsync(Stream source, CancellationToken cancellationToken)
    {
        using var reader = new StreamReader(source, Encoding.UTF8, leaveOpen: true);
        var headerLine = await reader.ReadLineAsync(cancellationToken);
        var contentsLine = await reader.ReadLineAsync(cancellationToken);
        var signatureLine = await reader.ReadLineAsync(cancellationToken);
        if (headerLine is null || contentsLine is null)
        {
            throw new InvalidBackupException("The file is empty or truncated: a backup has a header line and a contents line.");
        }

        BackupHeader? header;
        try
        {
            header = JsonSerializer.Deserialize<BackupHeader>(headerLine, Json);
        }
        catch (JsonException ex)
        {
            throw new InvalidBackupException($"The header line is not a backup header ({ex.Message}).", ex);
        }

        if (header is null || header.Format != BackupHeader.FormatName)
        {
            throw new InvalidBackupException($"Not a points ledger backup (format '{header?.Format}').");
        }

        if (header.Version is < BackupHeader.OldestReadable or > BackupHeader.CurrentVersion)
        {
            throw new InvalidBackupException(
                $"Backup version {header.Version} is not supported by this tool (it reads versions "
                    + $"{BackupHeader.OldestReadable} to {BackupHeader.CurrentVersion})."
            );
        }

        var actual = Sha256(contentsLine);
        if (!string.Equals(actual, header.Sha256, StringComparison.Ordinal))
        {
            throw new InvalidBackupException(
                $"Checksum mismatch: the header says {header.Sha256[..12]}…, the contents hash to "
                    + $"{actual[..12]}…. The file was changed or damaged; do not restore it."
            );
        }

        var contents = JsonSerializer.Deserialize<BackupContents>(contentsLine, Json)
            ?? throw new InvalidBackupException("The contents line is empty.");
        if (contents.Entries.Count != header.Entries || contents.Accounts.Count != header.Accounts)
        {
            throw new InvalidBackupException("The counts in the header do not match the contents.");
        }

        BackupSignature? signature = null;
        if (!string.IsNullOrEmpty(signatureLine))
        {
            try
            {
                signature = JsonSerializer.Deserialize<BackupSignature>(signatureLine, Json);
            }
            catch (JsonException ex)
            {
                throw new InvalidBackupException($"The third line is not a signature ({ex.Message}): the file was damaged.", ex);
            }
        }

        return new BackupFile(header, contents, headerLine, signature);
    }

    public async Task<RestorePlan> PlanAsync(BackupContents contents, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(contents);
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        var keys = contents.Entries.Select(e => e.IdempotencyKey).ToArray();
        var stored = (
            await connection.QueryAsync<StoredEntry>(
                new CommandDefinition(
                    "SELECT idempotency_key, payload_hash FROM journal_entries WHERE idempotency_key = ANY(@keys)",
                    new { keys },
                    cancellationToken: cancellationToken
                )
            )
        ).ToDictionary(e => e.IdempotencyKey, e => e.PayloadHash, StringComparer.Ordinal);

        var conflicts = contents
            .Entries.Where(e => stored.TryGetValue(e.IdempotencyKey, out var hash) && hash != e.PayloadHash)
            .Select(e => e.IdempotencyKey)
            .ToList();
        var present = contents.Entries.Count(e => stored.ContainsKey(e.IdempotencyKey));
        return new RestorePlan(
            contents.Entries.Count - present,
            present - conflicts.Count,
            conflicts,
            contents.Tables?.ToDictionary(t => t.Key, t => t.Value.GetArrayLength(), StringComparer.Ordinal)
        );
    }

    /// <summary>One transaction; entries in the original order, then the other tables' rows, each only when not yet present.</summary>
    public async Task<RestoreResult> RestoreAsync(
        BackupContents contents,
        Func<NpgsqlConnection, Task> recordInSameTransaction,
        CancellationToken cancellationToken
    )
    {
        ArgumentNullException.ThrowIfNull(contents);
        ArgumentNullException.ThrowIfNull(recordInSameTransaction);
        var accounts = contents.Accounts.ToDictionary(
            a => a.Code,
            a => new AccountRef(a.Code, a.Kind, a.OwnerId, a.AllowNegative),
            StringComparer.Ordinal
        );
        var writer = new LedgerBatchWriter();
        var restored = 0;
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        foreach (var chunk in InKeyOrderRuns(contents.Entries))
        {
            var commands = chunk
                .Select(e => new LedgerWrite(
                    new EntryDraft(
                        e.IdempotencyKey,
                        e.EntryType,
                        e.Description,
                        e.PayloadHash,
                        e.OccurredAt,
                        e.Postings.Select(p => new PostingDraft(accounts[p.Account], p.Amount)).ToList(),
                        e.Metadata
                    )
                    {
                        RecordedAt = e.RecordedAt,
                        PointsExpireAt = e.PointsExpireAt,
                    },
                    [],
                    e.SourceMessageId
                ))
                .ToList();
            var outcomes = await writer.ApplyAsync(connection, commands, cancellationToken);
            if (outcomes.FirstOrDefault(o => o.Kind == LedgerOutcomeKind.Conflict) is { } conflict)
            {
                throw new InvalidBackupException($"Restore stopped, nothing written: {conflict.Reason}");
            }

            restored += outcomes.Count(o => o.Kind == LedgerOutcomeKind.Applied);
        }

        await RestoreLastCreditedAsync(connection, contents.Accounts, cancellationToken);
        var rows = new Dictionary<string, long>(StringComparer.Ordinal);
        foreach (var table in BackupTables.All.Where(t => contents.Tables?.ContainsKey(t) == true))
        {
            rows[table] = await RestoreTableAsync(connection, table, contents.Tables![table], cancellationToken);
        }

        await recordInSameTransaction(connection);
        await transaction.CommitAsync(cancellationToken);
        return new RestoreResult(restored, rows);
    }

    // Cut where a key does not sort after the one before (and at 1,000): the writer inserts a batch in key order, so within each run that
    // is the original order, and entries get ids (which order every history read) in the order they first had.
    private static IEnumerable<List<BackupEntry>> InKeyOrderRuns(IReadOnlyList<BackupEntry> entries)
    {
        var run = new List<BackupEntry>();
        foreach (var entry in entries)
        {
            if (run.Count > 0 && (run.Count == 1000 || string.CompareOrdinal(entry.IdempotencyKey, run[^1].IdempotencyKey) <= 0))
            {
                yield return run;
                run = [];
            }

            run.Add(entry);
        }

        if (run.Count > 0)
        {
            yield return run;
        }
    }

    // The accounts this restore credited say they were credited now (the transaction's time): put back when they were credited before the
    // backup. Accounts credited by anything else keep their time.
    private static async Task RestoreLastCreditedAsync(
        NpgsqlConnection connection,
        IReadOnlyList<BackupAccount> accounts,
        CancellationToken cancellationToken
    )
    {
        var credited = accounts.Where(a => a.LastCreditedAt is not null).ToList();
        if (credited.Count == 0)
        {
            return;
        }

        // The owner's function: no other role updates accounts.
        await using var command = new NpgsqlCommand("SELECT ledger_restore_last_credited(@codes, @ats)", connection);
        command.Parameters.Add(new NpgsqlParameter<string[]>("codes", [.. credited.Select(a => a.Code)]));
        command.Parameters.Add(
            new NpgsqlParameter<DateTime[]>("ats", [.. credited.Select(a => a.LastCreditedAt!.Value.UtcDateTime)])
            {
                NpgsqlDbType = NpgsqlTypes.NpgsqlDbType.Array | NpgsqlTypes.NpgsqlDbType.TimestampTz,
            }
        );
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    private static async Task<Dictionary<string, JsonElement>> ReadTablesAsync(
        NpgsqlConnection connection,
        NpgsqlTransaction transaction,
        CancellationToken cancellationToken
    )
    {
        var tables = new Dictionary<string, JsonElement>(StringComparer.Ordinal);
        foreach (var table in BackupTables.All)
        {
            await using var command = new NpgsqlCommand(BackupTables.BackupSql(table), connection, transaction);
            using var rows = JsonDocument.Parse((string)(await command.ExecuteScalarAsync(cancellationToken))!);
            tables[table] = rows.RootElement.Clone();
        }

        return tables;
    }

    private static async Task<long> RestoreTableAsync(
        NpgsqlConnection connection,
        string table,
        JsonElement rows,
        CancellationToken cancellationToken
    )
    {
        string columns;
        await using (var list = new NpgsqlCommand(BackupTables.ColumnsSql, connection))
        {
            list.Parameters.AddWithValue("table", table);
            columns = (string)(await list.ExecuteScalarAsync(cancellationToken))!;
        }

        long written = 0;
        foreach (var sql in BackupTables.RestoreSql(table))
        {
            await using var command = new NpgsqlCommand(sql.Replace("{cols}", columns, StringComparison.Ordinal), connection);
            if (sql.Contains("@rows", StringComparison.Ordinal))
            {
                command.Parameters.Add(new NpgsqlParameter("rows", NpgsqlTypes.NpgsqlDbType.Jsonb) { Value = rows.GetRawText() });
            }

            written = await command.ExecuteScalarAsync(cancellationToken) is long count ? count : written;
        }

        return written;
    }

    private static string Sha256(string text) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text)));

    // One posting of an entry, with the entry's own columns repeated on each.
    private sealed record EntryPostingRow(
        long Id,
        string IdempotencyKey,
        string EntryType,
        string Description,
        string PayloadHash,
        Guid? SourceMessageId,
        DateTimeOffset OccurredAt,
        string Metadata,
        string Code,
        long Amount,
        DateTimeOffset RecordedAt,
        DateTimeOffset? PointsExpireAt,
        long? ChainSequence,
        string? ChainHash,
        string? ChainPrevious
    );

    private sealed record StoredEntry(string IdempotencyKey, string PayloadHash);

    private sealed record AccountRow(
        long Id,
        string Code,
        string Kind,
        string? OwnerId,
        bool AllowNegative,
        long Balance,
        DateTimeOffset? LastCreditedAt
    );
}
