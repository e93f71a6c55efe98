using System.Buffers;
using System.Globalization;
using System.Text.Json;
using Messaging.Benchmarks.Infrastructure;
using Messaging.Ledger.Journal;
using Messaging.Ledger.Tenants;
using Messaging.Ledger.Writing;
using Npgsql;

namespace Messaging.Benchmarks.Modes;

/// <summary>
/// GrantRecognition applied exactly once, with the real worker as a child process on its own database and vhost (as
/// <see cref="ProcessorBench"/>). Tenants are registered and their pools allocated through the ledger's own slices;
/// then N recognitions of 10 points (plain JSON) are published as fast as publisher confirms allow, from 1,000 givers to
/// U receivers, spread over 100 tenants or, in the hot mode, all from one tenant's pool (a hot account every batch
/// locks). Each recognition also draws on its giver's monthly usage limit. The run ends when all N RecognitionGranted
/// reached a queue of our own; a RecognitionRejected is a problem.
/// </summary>
internal static class RecognitionBench
{
    public const string Database = "ledger_bench_recognitions";
    public const string Vhost = "ledger_bench_recognitions";
    private const string Queue = "ledger-recognitions";
    private const string RequestExchange = "grant-recognition";
    private const string GrantedExchange = "recognition-granted";
    private const string RejectedExchange = "recognition-rejected";
    private const string CollectorQueue = "bench-recognition-outcomes";
    private const long Points = 10;
    private const int SpreadTenants = 100;
    private const int Givers = 1000;

    public static async Task<ModeResult> RunAsync(BenchOptions options, RabbitAdmin rabbitAdmin, PgAdmin pgAdmin, bool hot)
    {
        var mode = hot ? BenchOptions.RecognitionsHot : BenchOptions.Recognitions;
        var workerDll = Path.Combine(options.RepoRoot, "src", "Messaging.Worker", "bin", "Release", "net10.0", "Messaging.Worker.dll");
        if (!File.Exists(workerDll))
        {
            throw new FileNotFoundException($"{workerDll} is missing: build first (eng/bench.sh does)");
        }

        var count = options.RecognitionCount;
        var tenants = hot ? 1 : SpreadTenants;
        var warmupCount = Math.Min(options.Warmup, 1000);
        var workDir = await ModeSetup.FreshAsync(options, mode, rabbitAdmin, Vhost, pgAdmin, Database);
        var environment = ProcessorBench.WorkerEnvironment(options, Database, Vhost);

        Log.Info($"{mode}: dotnet {Path.GetFileName(workerDll)} migrate");
        await ProcessorBench.RunToEndAsync(
            workerDll,
            ["migrate"],
            environment,
            workDir,
            Path.Combine(workDir, "migrate.log"),
            TimeSpan.FromMinutes(2)
        );

        await using var dataSource = NpgsqlDataSource.Create(options.PgConnectionString(Database, 4));
        var perPool = ((count + warmupCount) / tenants + 1) * Points;
        await SeedAsync(dataSource, tenants, perPool);
        Log.Info($"{mode}: {tenants} tenant(s) registered, each pool allocated {perPool} points");

        var requests = new string[warmupCount + count];
        for (var i = 0; i < requests.Length; i++)
        {
            requests[i] = Body(i, $"bench-tenant-{i % tenants:D3}", $"bench-giver-{i % Givers:D4}", $"bench-user-{i % options.Users:D5}");
        }

        var tracker = new AnswerTracker(
            requests.Length,
            GrantedExchange,
            "RecognitionGranted",
            AnswerTracker.IndexedIds("recognitionId", 'r')
        );
        await Rabbit.DeclareRequestAndAnswersAsync(options, Vhost, RequestExchange, CollectorQueue, GrantedExchange, RejectedExchange);

        await using var collector = await tracker.StartAsync(options, Vhost, CollectorQueue);
        var workerLog = Path.Combine(workDir, "worker.out");
        using var worker = ProcessorBench.StartWorker(workerDll, environment, workDir, workerLog);
        Log.Info($"{mode}: worker started, pid {worker.Id}; console output in {Path.GetRelativePath(options.RepoRoot, workerLog)}");
        ModeResult? result = null;
        try
        {
            await NaiveBench.WaitForConsumerAsync(rabbitAdmin, Vhost, Queue, () => worker.HasExited, TimeSpan.FromSeconds(90));
            await using var publisher = await ConfirmedPublisher.CreateAsync(options, Vhost, "bench-recognitions-publisher");

            // Warm-up: JIT, connection pools, the tenants' cache in the worker. Not measured.
            await PublishAsync(publisher, requests, 0, warmupCount, tracker);
            await tracker.WaitAsync(warmupCount, TimeSpan.FromMinutes(5), $"{mode} warm-up");

            Log.Info($"{mode}: publishing {count} GrantRecognition as fast as possible");
            var dbBefore = await DbStats.TakeAsync(dataSource);
            var cpuBefore = CpuSnapshot.Take(worker.Id);
            var start = Clock.Now;
            await PublishAsync(publisher, requests, warmupCount, requests.Length, tracker);
            var publishedAt = Clock.Now;
            await publisher.DrainAsync();
            var confirmedAt = publisher.LastConfirmedAt;
            var end = await tracker.WaitAsync(requests.Length, TimeSpan.FromSeconds(Math.Max(600, count / 100.0)), mode);
            var cpu = CpuSnapshot.Between(cpuBefore, CpuSnapshot.Take(worker.Id));
            var db = (await DbStats.TakeAsync(dataSource)) - dbBefore;
            var seconds = Clock.Seconds(start, end);

            result = new ModeResult(mode, count, seconds)
                .With(
                    "workload",
                    string.Create(
                        CultureInfo.InvariantCulture,
                        $"{count:N0} recognitions of {Points} points from {Givers:N0} givers to {options.Users:N0} receivers, "
                    )
                        + string.Create(
                            CultureInfo.InvariantCulture,
                            $"{(hot ? "all from one tenant's pool" : $"spread over {tenants} tenants' pools")}, after {warmupCount} "
                        )
                        + "warm-up recognitions; each also draws on its giver's monthly usage limit"
                )
                .With(
                    "publish rate (handed to the client / all confirmed)",
                    $"{RawRabbitMqBench.Rate(count, Clock.Seconds(start, publishedAt))} / "
                        + $"{RawRabbitMqBench.Rate(count, Clock.Seconds(start, confirmedAt))}"
                )
                .With(
                    "latency (GrantRecognition published -> RecognitionGranted received; includes the backlog "
                        + "of publishing faster than processing)",
                    tracker.Latencies(warmupCount, requests.Length).ToString()
                )
                .With("CPU (cores)", cpu.Describe())
                .With("CPU per recognition", cpu.PerMessage(count))
                .With("PostgreSQL", db.Describe(count, seconds));

            if (publisher.Failed > 0 || tracker.Duplicates > 0 || tracker.Unmatched > 0 || tracker.Bad > 0)
            {
                result.Problems.Add(
                    $"{mode}: {publisher.Failed} publishes unconfirmed ({publisher.LastError?.Message}), "
                        + $"{tracker.Duplicates} duplicate answers, "
                        + $"{tracker.Unmatched} unmatched answers, {tracker.Bad} RecognitionRejected (e.g. {tracker.FirstBad})"
                );
            }

            await VerifyAsync(dataSource, mode, requests.Length, tenants * perPool, result);
            foreach (var (queue, messages) in await rabbitAdmin.QueuesAsync(Vhost))
            {
                if (
                    (queue.EndsWith("_error", StringComparison.Ordinal) || queue.EndsWith("_skipped", StringComparison.Ordinal))
                    && messages > 0
                )
                {
                    result.Problems.Add($"{mode}: {messages} messages dead-lettered in {queue}");
                }
            }

            return result;
        }
        finally
        {
            var exit = await ProcessorBench.StopAsync(worker);
            var (warnings, sample, _, _) = ProcessorBench.ScanWorkerLogs(workDir);
            if (result is not null)
            {
                result.With("worker exit", exit);
                if (warnings > 0)
                {
                    result.Problems.Add($"{mode}: {warnings} warning/error lines in the worker log, e.g. {sample}");
                }
            }
        }
    }

    /// <summary>The tenants, through the registry, and their pools, through the ledger's allocation slice (one transaction).</summary>
    private static async Task SeedAsync(NpgsqlDataSource dataSource, int tenants, long perPool)
    {
        var directory = new TenantDirectory(dataSource);
        for (var t = 0; t < tenants; t++)
        {
            await directory.SaveAsync($"bench-tenant-{t:D3}", null, null, false, null, "bench", CancellationToken.None);
        }

        await using var connection = await dataSource.OpenConnectionAsync();
        await using var transaction = await connection.BeginTransactionAsync();
        var commands = Enumerable
            .Range(0, tenants)
            .Select(t =>
                Allocations.WriteFor(
                    new AllocationRequest(
                        $"bench-{t:D3}",
                        $"bench-tenant-{t:D3}",
                        perPool,
                        "benchmark",
                        "bench",
                        "bench",
                        DateTimeOffset.UtcNow
                    )
                )
            )
            .ToList();
        await new LedgerBatchWriter().ApplyAsync(connection, commands, CancellationToken.None);
        await transaction.CommitAsync();
    }

    private static async Task PublishAsync(ConfirmedPublisher publisher, string[] requests, int from, int to, AnswerTracker tracker)
    {
        for (var i = from; i < to; i++)
        {
            tracker.MarkPublished(i, Clock.Now);
            await publisher.PublishAsync(
                RequestExchange,
                Rabbit.JsonProperties(Guid.NewGuid()),
                System.Text.Encoding.UTF8.GetBytes(requests[i])
            );
        }
    }

    private static string Body(int index, string tenant, string giver, string receiver)
    {
        var buffer = new ArrayBufferWriter<byte>(256);
        using (var w = new Utf8JsonWriter(buffer))
        {
            w.WriteStartObject();
            w.WriteString("recognitionId", $"r{index}");
            w.WriteString("tenantId", tenant);
            w.WriteString("giverId", giver);
            w.WriteString("receiverId", receiver);
            w.WriteNumber("points", Points);
            w.WriteString("message", "Thanks!");
            w.WriteString("occurredAt", DateTimeOffset.UtcNow);
            w.WriteEndObject();
        }

        return System.Text.Encoding.UTF8.GetString(buffer.WrittenSpan);
    }

    private static async Task VerifyAsync(NpgsqlDataSource dataSource, string mode, int expected, long allocated, ModeResult result)
    {
        await using var command = dataSource.CreateCommand(
            $"""
            SELECT
              (SELECT count(*) FROM journal_entries WHERE entry_type = '{EntryTypes.Recognition}'),
              (SELECT coalesce(sum(balance), 0) FROM accounts WHERE kind = 'tenant_pool'),
              (SELECT coalesce(sum(balance), 0) FROM accounts WHERE kind = 'user_wallet'),
              (SELECT coalesce(sum(used), 0) FROM limit_usage),
              (SELECT count(*) FROM ledger_refusals),
              (SELECT count(*) FROM outbox_message),
              (SELECT coalesce(sum(amount), 0) FROM postings),
              (SELECT count(*) FROM accounts a WHERE balance <> (SELECT coalesce(sum(amount), 0) FROM postings p WHERE p.account_id = a.id))
            """
        );
        await using var reader = await command.ExecuteReaderAsync();
        await reader.ReadAsync();
        var v = Enumerable.Range(0, reader.FieldCount).Select(reader.GetInt64).ToArray();
        var given = expected * Points;
        var checks = new List<(string What, bool Ok)>
        {
            ($"{v[0]} recognition entries = {expected} (warm-up included)", v[0] == expected),
            ($"pools hold {v[1]} = {allocated} allocated - {given} given", v[1] == allocated - given),
            ($"wallets hold {v[2]} = {given}", v[2] == given),
            ($"givers' usage {v[3]} = {given}", v[3] == given),
            ($"refusals {v[4]} = 0", v[4] == 0),
            ($"outbox rows {v[5]} = 0", v[5] == 0),
            ($"postings sum {v[6]} = 0", v[6] == 0),
            ($"accounts whose balance differs from their postings: {v[7]}", v[7] == 0),
        };
        result.With("ledger check", string.Join("; ", checks.Select(c => (c.Ok ? "ok " : "FAILED ") + c.What)));
        result.Problems.AddRange(checks.Where(c => !c.Ok).Select(c => $"{mode}: ledger check failed: {c.What}"));
    }
}
