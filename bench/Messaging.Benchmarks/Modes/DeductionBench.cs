using System.Buffers;
using System.Globalization;
using System.Text.Json;
using Messaging.Benchmarks.Infrastructure;
using Messaging.Ledger.Journal;
using Npgsql;

namespace Messaging.Benchmarks.Modes;

/// <summary>
/// Token deductions against monthly quotas, with the real worker as a child process on its own database and vhost (as
/// <see cref="ProcessorBench"/>). N TokensDeductRequested of 1 token, spread over U users (each month opened by its user's
/// first use), are published as fast as publisher confirms allow; the run ends at the N-th TokensDeducted. Then a paced
/// run at half that rate measures request → answer latency (the goal: p99 under 50 ms).
/// </summary>
internal static class DeductionBench
{
    public const string Database = "ledger_bench_deductions";
    public const string Vhost = "ledger_bench_deductions";
    private const string Queue = "ledger-token-deductions";
    private const string RequestExchange = "tokens-deduct-requested";
    private const string DeductedExchange = "tokens-deducted";
    private const string RejectedExchange = "tokens-deduct-rejected";
    private const string CollectorQueue = "bench-deduction-answers";

    public static async Task<ModeResult> RunAsync(BenchOptions options, RabbitAdmin rabbitAdmin, PgAdmin pgAdmin)
    {
        const string mode = BenchOptions.Deductions;
        var workerDll = Path.Combine(options.RepoRoot, "src", "Messaging.Worker", "bin", "Release", "net10.0", "Messaging.Worker.dll");
        if (!File.Exists(workerDll))
        {
            throw new FileNotFoundException($"{workerDll} is missing: build first (eng/bench.sh does)");
        }

        var count = options.DeductionCount;
        var warmupCount = Math.Min(options.Warmup, 1000);
        var workDir = await ModeSetup.FreshAsync(options, mode, rabbitAdmin, Vhost, pgAdmin, Database);
        // Every user's quota must hold all of its share of the run (warm-up, peak and paced).
        var perUser = ((3 * count) + warmupCount) / options.Users + 10;
        var environment = ProcessorBench.WorkerEnvironment(options, Database, Vhost);
        environment["Quotas__Plans__free"] = perUser.ToString(CultureInfo.InvariantCulture);

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

        var requests = new List<string>();
        string Next() => Body(requests.Count, $"bench-user-{requests.Count % options.Users:D5}");
        for (var i = 0; i < warmupCount + count; i++)
        {
            requests.Add(Next());
        }

        var answers = new AnswerTracker(
            warmupCount + (3 * count),
            DeductedExchange,
            "TokensDeducted",
            AnswerTracker.IndexedIds("usageId", 'd')
        );
        await Rabbit.DeclareRequestAndAnswersAsync(options, Vhost, RequestExchange, CollectorQueue, DeductedExchange, RejectedExchange);

        await using var collector = await answers.StartAsync(options, Vhost, CollectorQueue);
        var workerLog = Path.Combine(workDir, "worker.out");
        using var worker = ProcessorBench.StartWorker(workerDll, environment, workDir, workerLog);
        Log.Info($"{mode}: worker started, pid {worker.Id}; console output in {Path.GetRelativePath(options.RepoRoot, workerLog)}");
        ModeResult? result = null;
        try
        {
            await NaiveBench.WaitForConsumerAsync(rabbitAdmin, Vhost, Queue, () => worker.HasExited, TimeSpan.FromSeconds(90));
            await using var publisher = await ConfirmedPublisher.CreateAsync(options, Vhost, "bench-deductions-publisher");
            await PublishAsync(publisher, requests, 0, warmupCount, answers, perSecond: null);
            await answers.WaitAsync(warmupCount, TimeSpan.FromMinutes(5), $"{mode} warm-up");

            Log.Info($"{mode}: publishing {count} TokensDeductRequested as fast as possible");
            var cpuBefore = CpuSnapshot.Take(worker.Id);
            var start = Clock.Now;
            await PublishAsync(publisher, requests, warmupCount, requests.Count, answers, perSecond: null);
            await publisher.DrainAsync();
            var end = await answers.WaitAsync(requests.Count, TimeSpan.FromSeconds(Math.Max(600, count / 100.0)), mode);
            var cpu = CpuSnapshot.Between(cpuBefore, CpuSnapshot.Take(worker.Id));
            var seconds = Clock.Seconds(start, end);
            var peakRate = count / seconds;

            // Paced: half the peak rate, for the latency a product waiting for its answer sees.
            var pacedCount = Math.Min(2 * count, (int)(peakRate / 2 * 20));
            var pacedFrom = requests.Count;
            for (var i = 0; i < pacedCount; i++)
            {
                requests.Add(Next());
            }

            // Latency at half the peak rate is measured from a settled machine, not while it still digests the peak's
            // backlog (outbox deletes, quorum-queue log compaction, autovacuum): that recovery is a tail of its own.
            await CpuUsage.WaitForQuietAsync(0.25, TimeSpan.FromSeconds(30));
            Log.Info(string.Create(CultureInfo.InvariantCulture, $"{mode}: paced run, {pacedCount} deductions at {peakRate / 2:F0}/s"));
            await PublishAsync(publisher, requests, pacedFrom, requests.Count, answers, peakRate / 2);
            await answers.WaitAsync(requests.Count, TimeSpan.FromMinutes(5), $"{mode} paced");

            result = new ModeResult(mode, count, seconds)
                .With(
                    "workload",
                    string.Create(
                        CultureInfo.InvariantCulture,
                        $"{count:N0} deductions of 1 token spread over {options.Users:N0} users (each month opened "
                            + $"by its user's first use), after {warmupCount} warm-up deductions"
                    )
                )
                .With(
                    "latency at peak (includes the backlog of publishing faster than processing)",
                    answers.Latencies(warmupCount, pacedFrom).ToString()
                )
                .With("CPU (cores)", cpu.Describe())
                .With("CPU per deduction", cpu.PerMessage(count))
                .With("paced run", string.Create(CultureInfo.InvariantCulture, $"{pacedCount:N0} deductions at {peakRate / 2:F0}/s"))
                .With(
                    "latency at half peak (request published -> TokensDeducted received)",
                    answers.Latencies(pacedFrom, requests.Count).ToString()
                )
                .With("p99 at half peak, by 5 s of the paced run", answers.P99BySlice(pacedFrom, requests.Count, 5));
            result.PacedLatency = answers.Latencies(pacedFrom, requests.Count);
            result.PacedRate = peakRate / 2;

            if (publisher.Failed > 0 || answers.Duplicates > 0 || answers.Unmatched > 0 || answers.Bad > 0)
            {
                result.Problems.Add(
                    $"{mode}: {publisher.Failed} publishes unconfirmed, {answers.Duplicates} duplicate answers, "
                        + $"{answers.Unmatched} unmatched, {answers.Bad} refused (e.g. {answers.FirstBad})"
                );
            }

            await VerifyAsync(dataSource, mode, requests.Count, result);
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

    private static async Task PublishAsync(
        ConfirmedPublisher publisher,
        List<string> requests,
        int from,
        int to,
        AnswerTracker answers,
        double? perSecond
    )
    {
        var start = Clock.Now;
        var next = from;
        while (next < to)
        {
            var due = perSecond is { } rate ? Math.Min(to, from + (long)(Clock.Seconds(start, Clock.Now) * rate) + 1) : to;
            for (; next < due; next++)
            {
                answers.MarkPublished(next, Clock.Now);
                await publisher.PublishAsync(
                    RequestExchange,
                    Rabbit.JsonProperties(Guid.NewGuid()),
                    System.Text.Encoding.UTF8.GetBytes(requests[next])
                );
            }

            if (next < to)
            {
                await Task.Delay(2);
            }
        }
    }

    private static string Body(int index, string user)
    {
        var buffer = new ArrayBufferWriter<byte>(192);
        using (var w = new Utf8JsonWriter(buffer))
        {
            w.WriteStartObject();
            w.WriteString("usageId", $"d{index}");
            w.WriteString("userId", user);
            w.WriteString("feature", "literature_search");
            w.WriteNumber("amount", 1);
            w.WriteString("occurredAt", DateTimeOffset.UtcNow);
            w.WriteEndObject();
        }

        return System.Text.Encoding.UTF8.GetString(buffer.WrittenSpan);
    }

    private static async Task VerifyAsync(NpgsqlDataSource dataSource, string mode, int expected, ModeResult result)
    {
        await using var command = dataSource.CreateCommand(
            $"""
            SELECT
              (SELECT count(*) FROM journal_entries WHERE entry_type = '{EntryTypes.TokensDeducted}'),
              (SELECT coalesce(-sum(balance), 0) FROM accounts WHERE kind = 'token_issuance'),
              (SELECT coalesce(sum(balance), 0) FROM accounts WHERE kind = 'token_usage'),
              (SELECT count(*) FROM ledger_refusals),
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
            ($"{v[0]} deductions = {expected}", v[0] == expected),
            ($"{v[2]} tokens used = {expected}", v[2] == expected),
            ($"{v[1]} tokens issued into quotas, at least the {expected} used", v[1] >= expected),
            ($"refusals {v[3]} = 0", v[3] == 0),
            ($"outbox rows {v[4]} = 0", v[4] == 0),
            ($"postings sum {v[5]} = 0", v[5] == 0),
            ($"accounts whose balance differs from their postings: {v[6]}", v[6] == 0),
        };
        result.With("ledger check", string.Join("; ", checks.Select(c => (c.Ok ? "ok " : "FAILED ") + c.What)));
        result.Problems.AddRange(checks.Where(c => !c.Ok).Select(c => $"{mode}: ledger check failed: {c.What}"));
    }
}
