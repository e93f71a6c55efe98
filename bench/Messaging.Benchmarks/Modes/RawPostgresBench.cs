using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Messaging.Benchmarks.Infrastructure;
using Npgsql;
using NpgsqlTypes;

namespace Messaging.Benchmarks.Modes;

/// <summary>
/// PostgreSQL's ceiling for the rows the processor writes per message, written the fastest way it allows:
/// binary COPY in batches (one transaction each), into plain tables of the processor's shape (same
/// columns, primary keys and indexes) without triggers or foreign keys. Per message: 1 inbox row,
/// 1 journal entry + 2 postings (3 entries + 6 postings and 1 account row for a user's first order),
/// 1 outbox row. Account balances are not maintained (the processor's trigger does that).
/// </summary>
internal static class RawPostgresBench
{
    public const string Database = "ledger_bench_raw_postgres";

    private const string Schema = """
        CREATE TABLE accounts (
            id bigint PRIMARY KEY, code varchar(200) NOT NULL, kind varchar(40) NOT NULL, owner_id varchar(100),
            allow_negative boolean NOT NULL, balance bigint NOT NULL DEFAULT 0, total_credited bigint NOT NULL DEFAULT 0,
            total_debited bigint NOT NULL DEFAULT 0, last_credited_at timestamptz, created_at timestamptz NOT NULL DEFAULT now());
        CREATE UNIQUE INDEX ux_accounts_code ON accounts (code);
        CREATE INDEX ix_accounts_kind_owner_id ON accounts (kind, owner_id);
        CREATE TABLE journal_entries (
            id bigint PRIMARY KEY, idempotency_key varchar(300) NOT NULL, entry_type varchar(40) NOT NULL,
            description varchar(500) NOT NULL, payload_hash varchar(64) NOT NULL, source_message_id uuid,
            occurred_at timestamptz NOT NULL, recorded_at timestamptz NOT NULL DEFAULT now(), metadata jsonb NOT NULL DEFAULT '{}');
        CREATE UNIQUE INDEX ux_journal_entries_idempotency_key ON journal_entries (idempotency_key);
        CREATE INDEX ix_journal_entries_recorded_at ON journal_entries (recorded_at);
        CREATE TABLE postings (id bigint PRIMARY KEY, journal_entry_id bigint NOT NULL, account_id bigint NOT NULL, amount bigint NOT NULL);
        CREATE INDEX ix_postings_journal_entry_id ON postings (journal_entry_id);
        CREATE INDEX ix_postings_account_id_id ON postings (account_id, id);
        CREATE TABLE inbox_state (
            message_id uuid NOT NULL, consumer_id varchar(200) NOT NULL, received_at timestamptz NOT NULL DEFAULT now(),
            PRIMARY KEY (message_id, consumer_id));
        CREATE INDEX ix_inbox_state_received_at ON inbox_state (received_at);
        CREATE TABLE outbox_message (
            sequence_number bigint PRIMARY KEY, message_id uuid NOT NULL, message_type varchar(300) NOT NULL, body jsonb NOT NULL,
            inbox_message_id uuid, inbox_consumer_id varchar(200), created_at timestamptz NOT NULL DEFAULT now(),
            locked_until timestamptz NOT NULL DEFAULT now(), delivery_attempts integer NOT NULL DEFAULT 0, last_error varchar(2000));
        CREATE UNIQUE INDEX ux_outbox_message_message_id ON outbox_message (message_id);
        CREATE INDEX ix_outbox_message_locked_until ON outbox_message (locked_until);
        INSERT INTO accounts (id, code, kind, allow_negative) VALUES (1, 'platform:issuance', 'platform_issuance', true);
        """;

    private const long IssuanceAccountId = 1;

    public static async Task<ModeResult> RunAsync(BenchOptions options, PgAdmin admin, OrderGenerator orders)
    {
        await admin.RecreateDatabaseAsync(Database);
        await using var dataSource = NpgsqlDataSource.Create(options.PgConnectionString(Database, options.PgWriters + 2));
        await using (var create = dataSource.CreateCommand(Schema))
        {
            await create.ExecuteNonQueryAsync();
        }

        var ids = new IdAllocator();
        var warmup = orders.Take('w', options.Warmup);
        if (warmup.Length > 0)
        {
            await Task.Run(() => Write(dataSource, warmup, 0, warmup.Length, ids));
        }

        var measured = orders.Take('m', options.Count);
        var batches = (measured.Length + options.PgBatch - 1) / options.PgBatch;
        Log.Info(
            $"raw-postgres: {measured.Length} messages in {batches} COPY transactions of "
                + $"{options.PgBatch} over {options.PgWriters} connections"
        );
        var next = -1;
        long rows = 0;
        var cpuBefore = CpuSnapshot.Take();
        var start = Clock.Now;
        var writers = Enumerable
            .Range(0, options.PgWriters)
            .Select(_ =>
                Task.Factory.StartNew(
                    () =>
                    {
                        int batch;
                        while ((batch = Interlocked.Increment(ref next)) < batches)
                        {
                            var from = batch * options.PgBatch;
                            var written = Write(dataSource, measured, from, Math.Min(measured.Length, from + options.PgBatch), ids);
                            Interlocked.Add(ref rows, written);
                        }
                    },
                    CancellationToken.None,
                    TaskCreationOptions.LongRunning,
                    TaskScheduler.Default
                )
            )
            .ToList();
        await Task.WhenAll(writers);
        var end = Clock.Now;
        var cpu = CpuSnapshot.Between(cpuBefore, CpuSnapshot.Take());
        var seconds = Clock.Seconds(start, end);

        return new ModeResult(BenchOptions.RawPostgres, measured.Length, seconds)
            .With(
                "rows written",
                rows.ToString("N0", CultureInfo.InvariantCulture)
                    + string.Create(CultureInfo.InvariantCulture, $" ({rows / (double)measured.Length:F2} per message)")
            )
            .With("rows/s", (rows / seconds).ToString("N0", CultureInfo.InvariantCulture))
            .With("method", $"binary COPY, {options.PgBatch} messages per transaction, {options.PgWriters} connections, no triggers/FKs")
            .With("CPU (cores)", cpu.Describe())
            .With("CPU per message", cpu.PerMessage(measured.Length));
    }

    /// <summary>Writes orders [from, to) in one transaction with one binary COPY per table; returns the rows written.</summary>
    private static long Write(NpgsqlDataSource dataSource, OrderSpec[] specs, int from, int to, IdAllocator ids)
    {
        var count = to - from;
        var entryCount = 0;
        for (var i = from; i < to; i++)
        {
            entryCount += specs[i].FirstOrderOfUser ? 3 : 1;
        }

        var firstEntryId = ids.Entries(entryCount);
        var firstPostingId = ids.Postings(entryCount * 2);
        var firstOutboxId = ids.Outbox(count);
        var occurredAt = DateTime.UtcNow;
        var lockedUntil = occurredAt.AddSeconds(30);
        long rows = 0;

        using var connection = dataSource.OpenConnection();
        using var transaction = connection.BeginTransaction();

        using (var inbox = connection.BeginBinaryImport("COPY inbox_state (message_id, consumer_id) FROM STDIN (FORMAT BINARY)"))
        {
            for (var i = from; i < to; i++)
            {
                inbox.StartRow();
                inbox.Write(specs[i].MessageId, NpgsqlDbType.Uuid);
                inbox.Write("order-completed", NpgsqlDbType.Varchar);
            }

            rows += (long)inbox.Complete();
        }

        using (
            var accounts = connection.BeginBinaryImport(
                "COPY accounts (id, code, kind, owner_id, allow_negative) FROM STDIN (FORMAT BINARY)"
            )
        )
        {
            for (var i = from; i < to; i++)
            {
                if (specs[i].FirstOrderOfUser)
                {
                    accounts.StartRow();
                    accounts.Write(AccountId(specs[i]), NpgsqlDbType.Bigint);
                    accounts.Write($"user:{specs[i].UserId}:wallet", NpgsqlDbType.Varchar);
                    accounts.Write("user_wallet", NpgsqlDbType.Varchar);
                    accounts.Write(specs[i].UserId, NpgsqlDbType.Varchar);
                    accounts.Write(false, NpgsqlDbType.Boolean);
                }
            }

            rows += (long)accounts.Complete();
        }

        using (
            var entries = connection.BeginBinaryImport(
                "COPY journal_entries (id, idempotency_key, entry_type, description, payload_hash, "
                    + "source_message_id, occurred_at, metadata) FROM STDIN (FORMAT BINARY)"
            )
        )
        {
            var id = firstEntryId;
            for (var i = from; i < to; i++)
            {
                var s = specs[i];
                var metadata = string.Create(
                    CultureInfo.InvariantCulture,
                    $$"""{"OrderId":"{{s.OrderId}}","Amount":{{s.AmountText}},"Currency":"USD","TenantId":null}"""
                );
                WriteEntry(
                    entries,
                    id++,
                    $"order:{s.OrderId}",
                    "earned",
                    $"Points for order {s.OrderId}",
                    Hash(s.UserId, s.AmountText, "USD"),
                    s.MessageId,
                    occurredAt,
                    metadata
                );
                if (s.FirstOrderOfUser)
                {
                    var userHash = Hash(s.UserId);
                    WriteEntry(entries, id++, $"signup:{s.UserId}", "signup", "Signup bonus", userHash, s.MessageId, occurredAt, metadata);
                    WriteEntry(
                        entries,
                        id++,
                        $"first-order:{s.UserId}",
                        "first_order",
                        $"First order bonus (order {s.OrderId})",
                        userHash,
                        s.MessageId,
                        occurredAt,
                        metadata
                    );
                }
            }

            rows += (long)entries.Complete();
        }

        using (
            var postings = connection.BeginBinaryImport(
                "COPY postings (id, journal_entry_id, account_id, amount) FROM STDIN (FORMAT BINARY)"
            )
        )
        {
            var entryId = firstEntryId;
            var postingId = firstPostingId;
            for (var i = from; i < to; i++)
            {
                var s = specs[i];
                long[] amounts = s.FirstOrderOfUser ? [s.Points, 100, 50] : [s.Points];
                foreach (var amount in amounts)
                {
                    WritePosting(postings, postingId++, entryId, IssuanceAccountId, -amount);
                    WritePosting(postings, postingId++, entryId, AccountId(s), amount);
                    entryId++;
                }
            }

            rows += (long)postings.Complete();
        }

        using (
            var outbox = connection.BeginBinaryImport(
                "COPY outbox_message (sequence_number, message_id, message_type, body, inbox_message_id, "
                    + "inbox_consumer_id, locked_until) FROM STDIN (FORMAT BINARY)"
            )
        )
        {
            var id = firstOutboxId;
            for (var i = from; i < to; i++)
            {
                var s = specs[i];
                var bonus = s.FirstOrderOfUser ? 150 : 0;
                var body =
                    string.Create(CultureInfo.InvariantCulture, $$"""{"orderId":"{{s.OrderId}}","userId":"{{s.UserId}}","points":""")
                    + string.Create(
                        CultureInfo.InvariantCulture,
                        $$"""{{s.Points}},"bonusPoints":{{bonus}},"balance":{{s.Points + bonus}},"occurredAt":"{{occurredAt:O}}"}"""
                    );
                outbox.StartRow();
                outbox.Write(id++, NpgsqlDbType.Bigint);
                outbox.Write(Guid.NewGuid(), NpgsqlDbType.Uuid);
                outbox.Write("Messaging.Contracts.Earning.PointsEarned", NpgsqlDbType.Varchar);
                outbox.Write(body, NpgsqlDbType.Jsonb);
                outbox.Write(s.MessageId, NpgsqlDbType.Uuid);
                outbox.Write("order-completed", NpgsqlDbType.Varchar);
                outbox.Write(lockedUntil, NpgsqlDbType.TimestampTz);
            }

            rows += (long)outbox.Complete();
        }

        transaction.Commit();
        return rows;
    }

    private static void WriteEntry(
        NpgsqlBinaryImporter importer,
        long id,
        string key,
        string type,
        string description,
        string hash,
        Guid messageId,
        DateTime occurredAt,
        string metadata
    )
    {
        importer.StartRow();
        importer.Write(id, NpgsqlDbType.Bigint);
        importer.Write(key, NpgsqlDbType.Varchar);
        importer.Write(type, NpgsqlDbType.Varchar);
        importer.Write(description, NpgsqlDbType.Varchar);
        importer.Write(hash, NpgsqlDbType.Varchar);
        importer.Write(messageId, NpgsqlDbType.Uuid);
        importer.Write(occurredAt, NpgsqlDbType.TimestampTz);
        importer.Write(metadata, NpgsqlDbType.Jsonb);
    }

    private static void WritePosting(NpgsqlBinaryImporter importer, long id, long entryId, long accountId, long amount)
    {
        importer.StartRow();
        importer.Write(id, NpgsqlDbType.Bigint);
        importer.Write(entryId, NpgsqlDbType.Bigint);
        importer.Write(accountId, NpgsqlDbType.Bigint);
        importer.Write(amount, NpgsqlDbType.Bigint);
    }

    private static long AccountId(OrderSpec spec) => spec.User + 2;

    private static string Hash(params string[] fields) =>
        Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(string.Join('\u001f', fields))));

    /// <summary>Client-side ids, handed out in blocks per batch so that parallel COPYs never collide.</summary>
    private sealed class IdAllocator
    {
        private long _entry;
        private long _posting;
        private long _outbox;

        public long Entries(int n) => Interlocked.Add(ref _entry, n) - n + 1;

        public long Postings(int n) => Interlocked.Add(ref _posting, n) - n + 1;

        public long Outbox(int n) => Interlocked.Add(ref _outbox, n) - n + 1;
    }
}
