using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Messaging.Ledger.Accounts;
using Messaging.Ledger.Journal;
using Messaging.Ledger.Writing;
using Npgsql;

namespace Messaging.Ledger.Backups;

/// <summary>
/// Versioned, checksummed backups of the journal (full, or the entries touching one user), and their
/// restore. Restoring replays entries through the same <see cref="LedgerBatchWriter"/> the processor
/// uses, keyed by their idempotency keys: balances are rebuilt by the database from postings, an entry
/// already present is skipped, and restoring the same backup twice changes nothing.
/// </summary>
public sealed class LedgerBackup(NpgsqlDataSource dataSource)
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    private const string EntriesSql = """
        SELECT e.id, e.idempotency_key, e.entry_type, e.description, e.payload_hash, e.source_message_id, e.occurred_at, e.metadata::text, a.code, p.amount
        FROM journal_entries e
        JOIN postings p ON p.journal_entry_id = e.id
        JOIN accounts a ON a.id = p.account_id
        WHERE @user IS NULL OR e.id IN (
            SELECT p2.journal_entry_id FROM postings p2 JOIN accounts w ON w.id = p2.account_id WHERE w.kind = 'user_wallet' AND w.owner_id = @user)
        ORDER BY e.id, p.id
        """;

    private const string AccountsSql = """
        SELECT code, kind, owner_id, allow_negative, balance FROM accounts WHERE code = ANY(@codes) ORDER BY id
        """;

    public async Task<BackupHeader> CreateAsync(Stream destination, string? userId, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(destination);
        var entries = new List<BackupEntry>();
        await using (var command = dataSource.CreateCommand(EntriesSql))
        {
            command.Parameters.Add(new NpgsqlParameter<string?>("user", userId) { NpgsqlDbType = NpgsqlTypes.NpgsqlDbType.Text });
            await using var reader = await command.ExecuteReaderAsync(cancellationToken);
            long lastId = -1;
            List<BackupPosting>? postings = null;
            while (await reader.ReadAsync(cancellationToken))
            {
                if (reader.GetInt64(0) != lastId)
                {
                    lastId = reader.GetInt64(0);
                    postings = [];
                    entries.Add(new BackupEntry(reader.GetString(1), reader.GetString(2), reader.GetString(3), reader.GetString(4),
                        reader.IsDBNull(5) ? null : reader.GetGuid(5), reader.GetFieldValue<DateTimeOffset>(6), reader.GetString(7), postings));
                }

                postings!.Add(new BackupPosting(reader.GetString(8), reader.GetInt64(9)));
            }
        }

        var accounts = new List<BackupAccount>();
        await using (var command = dataSource.CreateCommand(AccountsSql))
        {
            command.Parameters.Add(new NpgsqlParameter<string[]>("codes", entries.SelectMany(e => e.Postings).Select(p => p.Account).Distinct().ToArray()));
            await using var reader = await command.ExecuteReaderAsync(cancellationToken);
            while (await reader.ReadAsync(cancellationToken))
            {
                accounts.Add(new BackupAccount(reader.GetString(0), reader.GetString(1), reader.IsDBNull(2) ? null : reader.GetString(2), reader.GetBoolean(3), reader.GetInt64(4)));
            }
        }

        var contents = JsonSerializer.Serialize(new BackupContents(accounts, entries), Json);
        var header = new BackupHeader(BackupHeader.FormatName, BackupHeader.CurrentVersion, DateTimeOffset.UtcNow,
            userId is null ? "full" : $"user:{userId}", accounts.Count, entries.Count, Sha256(contents));
        await using var writer = new StreamWriter(destination, new UTF8Encoding(false), leaveOpen: true);
        await writer.WriteLineAsync(JsonSerializer.Serialize(header, Json));
        await writer.WriteLineAsync(contents);
        return header;
    }

    /// <summary>Reads and checks a backup; throws <see cref="InvalidBackupException"/> saying what is wrong.</summary>
    public static async Task<(BackupHeader Header, BackupContents Contents)> ReadAsync(Stream source, CancellationToken cancellationToken)
    {
        using var reader = new StreamReader(source, Encoding.UTF8, leaveOpen: true);
        var headerLine = await reader.ReadLineAsync(cancellationToken);
        var contentsLine = await reader.ReadLineAsync(cancellationToken);
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

        if (header.Version != BackupHeader.CurrentVersion)
        {
            throw new InvalidBackupException($"Backup version {header.Version} is not supported by this tool (it reads version {BackupHeader.CurrentVersion}).");
        }

        var actual = Sha256(contentsLine);
        if (!string.Equals(actual, header.Sha256, StringComparison.Ordinal))
        {
            throw new InvalidBackupException($"Checksum mismatch: the header says {header.Sha256[..12]}…, the contents hash to {actual[..12]}…. The file was changed or damaged; do not restore it.");
        }

        var contents = JsonSerializer.Deserialize<BackupContents>(contentsLine, Json)
            ?? throw new InvalidBackupException("The contents line is empty.");
        if (contents.Entries.Count != header.Entries || contents.Accounts.Count != header.Accounts)
        {
            throw new InvalidBackupException("The counts in the header do not match the contents.");
        }

        return (header, contents);
    }

    public async Task<RestorePlan> PlanAsync(BackupContents contents, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(contents);
        var stored = new Dictionary<string, string>(StringComparer.Ordinal);
        await using var command = dataSource.CreateCommand("SELECT idempotency_key, payload_hash FROM journal_entries WHERE idempotency_key = ANY(@keys)");
        command.Parameters.Add(new NpgsqlParameter<string[]>("keys", contents.Entries.Select(e => e.IdempotencyKey).ToArray()));
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            stored[reader.GetString(0)] = reader.GetString(1);
        }

        var conflicts = contents.Entries
            .Where(e => stored.TryGetValue(e.IdempotencyKey, out var hash) && hash != e.PayloadHash)
            .Select(e => e.IdempotencyKey)
            .ToList();
        var present = contents.Entries.Count(e => stored.ContainsKey(e.IdempotencyKey));
        return new RestorePlan(contents.Entries.Count - present, present - conflicts.Count, conflicts);
    }

    /// <summary>Writes every entry not yet present, in the original order, in one transaction.</summary>
    public async Task<int> RestoreAsync(BackupContents contents, Func<NpgsqlConnection, Task> recordInSameTransaction, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(contents);
        ArgumentNullException.ThrowIfNull(recordInSameTransaction);
        var accounts = contents.Accounts.ToDictionary(a => a.Code, a => new AccountRef(a.Code, a.Kind, a.OwnerId, a.AllowNegative), StringComparer.Ordinal);
        var writer = new LedgerBatchWriter();
        var restored = 0;
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        foreach (var chunk in contents.Entries.Chunk(1000))
        {
            var commands = chunk.Select(e => new LedgerCommand(
                new EntryDraft(e.IdempotencyKey, e.EntryType, e.Description, e.PayloadHash, e.OccurredAt,
                    e.Postings.Select(p => new PostingDraft(accounts[p.Account], p.Amount)).ToList(), e.Metadata),
                [], e.SourceMessageId)).ToList();
            var outcomes = await writer.ApplyAsync(connection, commands, cancellationToken);
            if (outcomes.FirstOrDefault(o => o.Kind == LedgerOutcomeKind.Conflict) is { } conflict)
            {
                throw new InvalidBackupException($"Restore stopped, nothing written: {conflict.Reason}");
            }

            restored += outcomes.Count(o => o.Kind == LedgerOutcomeKind.Applied);
        }

        await recordInSameTransaction(connection);
        await transaction.CommitAsync(cancellationToken);
        return restored;
    }

    private static string Sha256(string text) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text)));
}
