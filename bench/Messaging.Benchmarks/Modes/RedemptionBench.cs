using System.Buffers;
using System.Globalization;
using System.Text.Json;
using Messaging.Benchmarks.Infrastructure;
using Messaging.Ledger.Accounts;
using Messaging.Ledger.Journal;
using Messaging.Ledger.Writing;
using Npgsql;

namespace Messaging.Benchmarks.Modes;

/// <summary>
/// The redemption saga end to end, with the real worker as a child process on its own database and vhost
/// (as <see cref="ProcessorBench"/>). A voucher reward costing 10 points is put in the catalog and U users are
/// credited directly through the ledger's writer; then N RedeemRequested (plain JSON) are published as fast as
/// publisher confirms allow. Each redemption is 2 messages (RedeemRequested, RedemptionCompleted), decided with many
/// others in one group-commit transaction: hold, voucher and capture (before issue 30: 4 messages, with IssueReward
/// and RewardIssued, and 3 transactions of its own: hold, voucher, capture). The run ends when all N
/// RedemptionCompleted reached a queue of our own; any RedemptionFailed or RedemptionRejected is a problem.
/// </summary>
internal static class RedemptionBench
{
    public const string Database = "ledger_bench_redemptions";
    public const string Vhost = "ledger_bench_redemptions";
    private const string SagaQueue = "ledger-redemptions";
    private const string RequestExchange = "redeem-requested";
    private const string CompletedExchange = "redemption-completed";
    private const string CollectorQueue = "bench-redemption-outcomes";
    private const string RewardId = "bench-voucher";
    private const long Cost = 10;
    private static readonly string[] BadOutcomeExchanges = ["redemption-failed", "redemption-rejected"];

    public static async Task<ModeResult> RunAsync(BenchOptions options, RabbitAdmin rabbitAdmin, PgAdmin pgAdmin)
    {
        var workerDll = Path.Combine(options.RepoRoot, "src", "Messaging.Worker", "bin", "Release", "net10.0", "Messaging.Worker.dll");
        if (!File.Exists(workerDll))
        {
            throw new FileNotFoundException($"{workerDll} is missing: build first (eng/bench.sh does)");
        }

        var count = options.RedemptionCount;
        var users = options.RedemptionUsers;
        var warmupCount = Math.Min(options.Warmup, 200);
        var workDir = Path.Combine(options.OutDir, "redemptions");
        if (Directory.Exists(workDir))
        {
            Directory.Delete(workDir, recursive: true);
        }

        Directory.CreateDirectory(workDir);
        await rabbitAdmin.RecreateVhostAsync(Vhost);
        await pgAdmin.RecreateDatabaseAsync(Database);
        var environment = ProcessorBench.WorkerEnvironment(options, Database, Vhost);

        Log.Info($"redemptions: dotnet {Path.GetFileName(workerDll)} migrate");
        await ProcessorBench.RunToEndAsync(
            workerDll,
            ["migrate"],
            environment,
            workDir,
            Path.Combine(workDir, "migrate.log"),
            TimeSpan.FromMinutes(2)
        );

        await using var dataSource = NpgsqlDataSource.Create(options.PgConnectionString(Database, 4));
        var perUser = ((count + warmupCount) / users) + 2;
        await SeedAsync(dataSource, users, perUser * Cost);
        Log.Info($"redemptions: reward {RewardId} (cost {Cost}) in the catalog, {users} users credited with {perUser * Cost} points each");

        var requests = new Request[warmupCount + count];
        for (var i = 0; i < requests.Length; i++)
        {
            requests[i] = new Request(Guid.NewGuid(), $"bench-user-{i % users:D5}");
        }

        var tracker = new AnswerTracker(requests.Length, CompletedExchange, "RedemptionCompleted", IndexOf(requests));
        await Rabbit.DeclareRequestAndAnswersAsync(
            options,
            Vhost,
            RequestExchange,
            CollectorQueue,
            [CompletedExchange, .. BadOutcomeExchanges]
        );

        await using var collector = await tracker.StartAsync(options, Vhost, CollectorQueue);

        var workerLog = Path.Combine(workDir, "worker.out");
        using var worker = ProcessorBench.StartWorker(workerDll, environment, workDir, workerLog);
        Log.Info($"redemptions: worker started, pid {worker.Id}; console output in {Path.GetRelativePath(options.RepoRoot, workerLog)}");
        ModeResult? result = null;
        try
        {
            await NaiveBench.WaitForConsumerAsync(rabbitAdmin, Vhost, SagaQueue, () => worker.HasExited, TimeSpan.FromSeconds(90));
            await using var publisher = await ConfirmedPublisher.CreateAsync(options, Vhost, "bench-redemptions-publisher");

            // Warm-up: JIT, connection pools, queue processes. Not measured.
            if (warmupCount > 0)
            {
                await PublishAsync(publisher, requests, 0, warmupCount, tracker);
                await tracker.WaitAsync(warmupCount, TimeSpan.FromMinutes(5), "redemptions warm-up");
            }

            Log.Info($"redemptions: publishing {count} RedeemRequested as fast as possible");
            var dbBefore = await DbStats.TakeAsync(dataSource);
            var cpuBefore = CpuSnapshot.Take(worker.Id);
            var start = Clock.Now;
            await PublishAsync(publisher, requests, warmupCount, requests.Length, tracker);
            var publishedAt = Clock.Now;
            await publisher.DrainAsync();
            var confirmedAt = publisher.LastConfirmedAt;
            var end = await tracker.WaitAsync(requests.Length, TimeSpan.FromSeconds(Math.Max(600, count / 5.0)), "redemptions");
            var cpu = CpuSnapshot.Between(cpuBefore, CpuSnapshot.Take(worker.Id));
            var db = (await DbStats.TakeAsync(dataSource)) - dbBefore;
            var seconds = Clock.Seconds(start, end);
            var latency = tracker.Latencies(warmupCount, requests.Length);

            result = new ModeResult(BenchOptions.Redemptions, count, seconds)
                .With(
                    "workload",
                    string.Create(
                        CultureInfo.InvariantCulture,
                        $"{count:N0} redemptions of '{RewardId}' (voucher, {Cost} points) spread over {users} "
                    )
                        + string.Create(
                            CultureInfo.InvariantCulture,
                            $"users, after {warmupCount} warm-up redemptions; msg/s in the table is redemptions/s (each "
                        )
                        + "is 2 messages, RedeemRequested and RedemptionCompleted, decided with others in a group-commit "
                        + "transaction: hold, voucher and capture)"
                )
                .With(
                    "publish rate (handed to the client / all confirmed)",
                    $"{RawRabbitMqBench.Rate(count, Clock.Seconds(start, publishedAt))} / "
                        + $"{RawRabbitMqBench.Rate(count, Clock.Seconds(start, confirmedAt))}"
                )
                .With(
                    "latency per redemption (RedeemRequested published -> RedemptionCompleted received; "
                        + "includes the backlog of publishing faster than the saga runs)",
                    latency.ToString()
                )
                .With("CPU (cores)", cpu.Describe())
                .With("CPU per redemption", cpu.PerMessage(count))
                .With("PostgreSQL", db.Describe(count, seconds));

            if (publisher.Failed > 0 || tracker.Duplicates > 0 || tracker.Unmatched > 0 || tracker.Bad > 0)
            {
                result.Problems.Add(
                    $"redemptions: {publisher.Failed} publishes unconfirmed ({publisher.LastError?.Message}), "
                        + $"{tracker.Duplicates} duplicate outcomes, "
                        + $"{tracker.Unmatched} unmatched outcomes, {tracker.Bad} RedemptionFailed/RedemptionRejected "
                        + $"(e.g. {tracker.FirstBad})"
                );
            }

            await VerifyAsync(dataSource, requests.Length, result);
            foreach (var (queue, messages) in await rabbitAdmin.QueuesAsync(Vhost))
            {
                if (queue.EndsWith("_error", StringComparison.Ordinal) || queue.EndsWith("_skipped", StringComparison.Ordinal))
                {
                    result.With($"queue {queue}", $"{messages} messages");
                    if (messages > 0)
                    {
                        result.Problems.Add($"redemptions: {messages} messages dead-lettered in {queue}");
                    }
                }
            }

            return result;
        }
        finally
        {
            var exit = await ProcessorBench.StopAsync(worker);
            var (warnings, sample, infoLines, logBytes) = ProcessorBench.ScanWorkerLogs(workDir);
            if (result is not null)
            {
                result
                    .With("worker exit", exit)
                    .With(
                        "worker log",
                        string.Create(
                            CultureInfo.InvariantCulture,
                            $"{infoLines:N0} lines, {logBytes / 1024.0 / 1024.0:F1} MB in logs/; {warnings} warnings/errors"
                        )
                    );
                if (warnings > 0)
                {
                    result.Problems.Add($"redemptions: {warnings} warning/error lines in the worker log, e.g. {sample}");
                }
            }
        }
    }

    /// <summary>The reward, and every user's points through the ledger's own writer (one transaction).</summary>
    private static async Task SeedAsync(NpgsqlDataSource dataSource, int users, long points)
    {
        await using var connection = await dataSource.OpenConnectionAsync();
        await using var transaction = await connection.BeginTransactionAsync();
        await using (
            var insert = new NpgsqlCommand(
                "INSERT INTO rewards (id, name, cost, active, stock, validity_days, fulfilment_kind) "
                    + "VALUES (@id, 'Benchmark voucher', @cost, true, NULL, 30, 'voucher')",
                connection,
                transaction
            )
        )
        {
            insert.Parameters.AddWithValue("id", RewardId);
            insert.Parameters.AddWithValue("cost", Cost);
            await insert.ExecuteNonQueryAsync();
        }

        var now = DateTimeOffset.UtcNow;
        var commands = Enumerable
            .Range(0, users)
            .Select(u =>
            {
                var user = $"bench-user-{u:D5}";
                var key = $"bench-seed:{user}";
                return new LedgerWrite(
                    EntryDraft.Transfer(
                        key,
                        EntryTypes.OrderEarned,
                        $"Benchmark credit for {user}",
                        PayloadHash.Of(key),
                        now,
                        AccountRef.IssuanceOf(Issuers.Orders),
                        AccountRef.UserWallet(user),
                        points
                    ),
                    []
                );
            })
            .ToList();
        await new LedgerBatchWriter().ApplyAsync(connection, commands, CancellationToken.None);
        await transaction.CommitAsync();
    }

    private static async Task PublishAsync(ConfirmedPublisher publisher, Request[] requests, int from, int to, AnswerTracker tracker)
    {
        for (var i = from; i < to; i++)
        {
            var body = Body(requests[i]);
            var properties = Rabbit.JsonProperties(requests[i].RedemptionId);
            properties.Type = "RedeemRequested";
            tracker.MarkPublished(i, Clock.Now);
            await publisher.PublishAsync(RequestExchange, properties, body);
        }
    }

    private static byte[] Body(Request request)
    {
        var buffer = new ArrayBufferWriter<byte>(192);
        using (var w = new Utf8JsonWriter(buffer))
        {
            w.WriteStartObject();
            w.WriteString("redemptionId", request.RedemptionId);
            w.WriteString("userId", request.UserId);
            w.WriteString("rewardId", RewardId);
            w.WriteString("requestedAt", DateTimeOffset.UtcNow);
            w.WriteEndObject();
        }

        return buffer.WrittenSpan.ToArray();
    }

    private static async Task VerifyAsync(NpgsqlDataSource dataSource, int expected, ModeResult result)
    {
        await using var command = dataSource.CreateCommand(
            $"""
            SELECT
              (SELECT count(*) FROM redemptions),
              (SELECT coalesce(sum(points), 0) FROM redemptions),
              (SELECT count(*) FROM ledger_holds WHERE status = 'captured'),
              (SELECT coalesce(sum(amount), 0) FROM ledger_holds WHERE status = 'captured'),
              (SELECT count(*) FROM ledger_holds WHERE status = 'active'),
              (SELECT count(*) FROM ledger_holds WHERE status = 'voided'),
              (SELECT count(*) FROM journal_entries WHERE entry_type = '{EntryTypes.Redeemed}'),
              (SELECT count(*) FROM issued_vouchers),
              (SELECT count(*) FROM redemption_sagas WHERE outcome IS DISTINCT FROM 'completed'),
              (SELECT count(*) FROM outbox_message),
              (SELECT coalesce(sum(amount), 0) FROM postings),
              (SELECT count(*) FROM accounts a WHERE balance <> (SELECT coalesce(sum(amount), 0) FROM postings p WHERE p.account_id = a.id))
            """
        );
        await using var reader = await command.ExecuteReaderAsync();
        await reader.ReadAsync();
        var v = Enumerable.Range(0, reader.FieldCount).Select(reader.GetInt64).ToArray();
        var checks = new List<(string What, bool Ok)>
        {
            ($"{v[0]} redemptions = {expected} (warm-up included)", v[0] == expected),
            ($"points of the redemptions {v[1]} = {expected} x {Cost}", v[1] == expected * Cost),
            ($"{v[2]} captured holds of {v[3]} points = {expected} x {Cost}", v[2] == expected && v[3] == expected * Cost),
            ($"active holds {v[4]} = 0", v[4] == 0),
            ($"voided holds {v[5]} = 0", v[5] == 0),
            ($"redeemed journal entries {v[6]} = {expected}", v[6] == expected),
            ($"issued vouchers {v[7]} = {expected}", v[7] == expected),
            ($"sagas not completed {v[8]} = 0", v[8] == 0),
            ($"outbox rows {v[9]} = 0", v[9] == 0),
            ($"postings sum {v[10]} = 0", v[10] == 0),
            ($"accounts whose balance differs from their postings: {v[11]}", v[11] == 0),
        };
        result.With("ledger check", string.Join("; ", checks.Select(c => (c.Ok ? "ok " : "FAILED ") + c.What)));
        result.Problems.AddRange(checks.Where(c => !c.Ok).Select(c => $"redemptions: ledger check failed: {c.What}"));
    }

    private sealed record Request(Guid RedemptionId, string UserId);

    /// <summary>The index of the request an outcome is about, by its redemptionId.</summary>
    private static AnswerTracker.IndexReader IndexOf(Request[] requests)
    {
        var index = requests.Select((r, i) => (r.RedemptionId, i)).ToDictionary(p => p.RedemptionId, p => p.i);
        return json => RedemptionId(json) is { } id && index.TryGetValue(id, out var i) ? i : null;
    }

    private static Guid? RedemptionId(ReadOnlySpan<byte> json)
    {
        var reader = new Utf8JsonReader(json);
        try
        {
            while (reader.Read())
            {
                if (reader.TokenType == JsonTokenType.PropertyName && reader.ValueTextEquals("redemptionId"u8))
                {
                    return reader.Read() && reader.TokenType == JsonTokenType.String && reader.TryGetGuid(out var id) ? id : null;
                }
            }
        }
        catch (JsonException)
        {
            return null;
        }

        return null;
    }
}
