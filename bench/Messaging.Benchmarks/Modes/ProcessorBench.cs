using System.Diagnostics;
using System.Globalization;
using Messaging.Benchmarks.Infrastructure;
using Npgsql;
using RabbitMQ.Client;

namespace Messaging.Benchmarks.Modes;

/// <summary>
/// The real processor (src/Messaging.Worker, Release build) as a child process on its own database and
/// vhost. N OrderCompleted are published as fast as publisher confirms allow; the run ends when the ledger
/// holds all N <c>earned</c> entries, the outbox is empty and all N PointsEarned reached a queue of our own
/// bound to <c>points-earned</c>. Then a paced run at half that rate measures latency, and the ledger is
/// checked. The worker's memory is sampled from /proc every 200 ms throughout.
/// </summary>
internal static class ProcessorBench
{
    public const string Database = "ledger_bench_processor";
    public const string Vhost = "ledger_bench_processor";
    private const string Queue = "ledger-order-completed";
    private const string CollectorQueue = "bench-points-earned";

    public static async Task<ModeResult> RunAsync(BenchOptions options, RabbitAdmin rabbitAdmin, PgAdmin pgAdmin, OrderGenerator orders)
    {
        var workerDll = Path.Combine(options.RepoRoot, "src", "Messaging.Worker", "bin", "Release", "net10.0", "Messaging.Worker.dll");
        if (!File.Exists(workerDll))
        {
            throw new FileNotFoundException(
                $"{workerDll} is missing: build first (dotnet build Messaging.sln -c Release; eng/bench.sh does)"
            );
        }

        var workDir = Path.Combine(options.OutDir, "processor");
        if (Directory.Exists(workDir))
        {
            Directory.Delete(workDir, recursive: true);
        }

        Directory.CreateDirectory(workDir);
        await rabbitAdmin.RecreateVhostAsync(Vhost);
        await pgAdmin.RecreateDatabaseAsync(Database);
        var environment = WorkerEnvironment(options);

        Log.Info($"processor: dotnet {Path.GetFileName(workerDll)} migrate");
        await RunToEndAsync(workerDll, ["migrate"], environment, workDir, Path.Combine(workDir, "migrate.log"), TimeSpan.FromMinutes(2));

        await using var collector = new EventCollector();
        await using (var setup = await Rabbit.ConnectAsync(options, Vhost, "bench-processor-setup"))
        await using (var channel = await setup.CreateChannelAsync())
        {
            await Rabbit.DeclareFanoutToQuorumQueueAsync(channel, OrderPublishing.PointsEarnedExchange, CollectorQueue);
            await setup.CloseAsync();
        }

        await collector.StartAsync(options, Vhost, CollectorQueue);

        var workerLog = Path.Combine(workDir, "worker.out");
        using var worker = StartWorker(workerDll, environment, workDir, workerLog);
        Log.Info($"processor: worker started, pid {worker.Id}; console output in {Path.GetRelativePath(options.RepoRoot, workerLog)}");
        await using var memory = new MemorySampler(worker.Id);
        await using var dataSource = NpgsqlDataSource.Create(options.PgConnectionString(Database, 4));
        ModeResult? result = null;
        try
        {
            await NaiveBench.WaitForConsumerAsync(rabbitAdmin, Vhost, Queue, () => worker.HasExited, TimeSpan.FromSeconds(90));
            await using var publisher = await ConfirmedPublisher.CreateAsync(options, Vhost, "bench-processor-publisher");
            var all = new List<OrderSpec>();
            var startupRssKb = memory.Read().RssKb;

            // Warm-up: JIT, connection pools, queue processes. Not measured.
            var warmup = orders.Take('w', options.Warmup);
            all.AddRange(warmup);
            var warmupTracker = new PhaseTracker('w', warmup.Length);
            collector.Track(warmupTracker);
            await OrderPublishing.PublishAsync(publisher, warmup, warmupTracker);
            await warmupTracker.AllReceived.Within(TimeSpan.FromMinutes(5), () =>
                $"processor warm-up: {warmupTracker.ReceivedCount}/{warmup.Length} PointsEarned"
            );
            await WaitForLedgerAsync(dataSource, all.Count, TimeSpan.FromMinutes(1));
            var afterWarmupRssKb = memory.Read().RssKb;

            // Peak: publish N as fast as confirms allow.
            var measured = orders.Take('m', options.Count);
            all.AddRange(measured);
            var tracker = new PhaseTracker('m', measured.Length);
            collector.Track(tracker);
            Log.Info($"processor: publishing {measured.Length} orders as fast as possible");
            var milestones = new long[4];
            using var stopWatching = new CancellationTokenSource();
            var watcher = WatchProgressAsync(tracker, memory, milestones, Path.Combine(workDir, "top-at-50pct.txt"), stopWatching.Token);
            var dbBefore = await DbStats.TakeAsync(dataSource);
            var cpuBefore = CpuSnapshot.Take(worker.Id);
            var start = Clock.Now;
            await OrderPublishing.PublishAsync(publisher, measured, tracker);
            var publishedAt = Clock.Now;
            await publisher.DrainAsync();
            var confirmedAt = publisher.LastConfirmedAt;
            var limit = TimeSpan.FromSeconds(Math.Max(600, options.Count / 200.0));
            var lastEventAt = await tracker.AllReceived.Within(limit, () =>
                $"processor: {tracker.ReceivedCount}/{measured.Length} PointsEarned received"
            );
            var end = await WaitForLedgerAsync(dataSource, all.Count, TimeSpan.FromMinutes(2));
            var cpu = CpuSnapshot.Between(cpuBefore, CpuSnapshot.Take(worker.Id));
            var db = (await DbStats.TakeAsync(dataSource)) - dbBefore;
            milestones[3] = memory.Read().RssKb;
            await stopWatching.CancelAsync();
            await watcher;

            var seconds = Clock.Seconds(start, end);
            var peakRate = measured.Length / seconds;
            result = new ModeResult(BenchOptions.Processor, measured.Length, seconds)
                .With(
                    "publish rate (handed to the client / all confirmed)",
                    $"{RawRabbitMqBench.Rate(measured.Length, Clock.Seconds(start, publishedAt))} / "
                        + $"{RawRabbitMqBench.Rate(measured.Length, Clock.Seconds(start, confirmedAt))}"
                )
                .With(
                    "last PointsEarned received / ledger complete and outbox empty",
                    string.Create(CultureInfo.InvariantCulture, $"{Clock.Seconds(start, lastEventAt):F2} s / {seconds:F2} s")
                )
                .With("latency at peak (includes the backlog of publishing faster than processing)", tracker.Latencies().ToString())
                .With("latency at peak, by stage", tracker.Breakdown())
                .With("CPU at peak (cores)", cpu.Describe())
                .With("CPU per message at peak", cpu.PerMessage(measured.Length))
                .With("PostgreSQL at peak", db.Describe(measured.Length, seconds));

            // Paced: half the peak rate, for latency.
            if (options.PacedSeconds > 0)
            {
                var pacedRate = peakRate / 2;
                var paced = orders.Take('p', Math.Max(1, (int)(pacedRate * options.PacedSeconds)));
                all.AddRange(paced);
                var pacedTracker = new PhaseTracker('p', paced.Length);
                collector.Track(pacedTracker);
                // Latency at half the peak rate is measured from a settled machine, not while it still digests the peak's
                // backlog (outbox deletes, quorum-queue log compaction, autovacuum): that recovery is a tail of its own.
                await CpuUsage.WaitForQuietAsync(0.25, TimeSpan.FromSeconds(30));
                Log.Info(
                    string.Create(CultureInfo.InvariantCulture, $"processor: paced run, {paced.Length} orders at {pacedRate:F0} msg/s")
                );
                var pacedDbBefore = await DbStats.TakeAsync(dataSource);
                var pacedCpuBefore = CpuSnapshot.Take(worker.Id);
                var pacedStart = Clock.Now;
                await OrderPublishing.PublishPacedAsync(publisher, paced, pacedTracker, pacedRate);
                var pacedPublishedAt = Clock.Now;
                await pacedTracker.AllReceived.Within(TimeSpan.FromMinutes(5), () =>
                    $"processor paced: {pacedTracker.ReceivedCount}/{paced.Length} PointsEarned"
                );
                await WaitForLedgerAsync(dataSource, all.Count, TimeSpan.FromMinutes(2));
                var pacedCpu = CpuSnapshot.Between(pacedCpuBefore, CpuSnapshot.Take(worker.Id));
                var pacedDb = (await DbStats.TakeAsync(dataSource)) - pacedDbBefore;
                var latency = pacedTracker.Latencies();
                result
                    .With(
                        "paced run",
                        string.Create(CultureInfo.InvariantCulture, $"{paced.Length} orders at {pacedRate:F0} msg/s target, ")
                            + string.Create(
                                CultureInfo.InvariantCulture,
                                $"{paced.Length / Clock.Seconds(pacedStart, pacedPublishedAt):F0} msg/s achieved, over "
                            )
                            + string.Create(CultureInfo.InvariantCulture, $"{Clock.Seconds(pacedStart, pacedPublishedAt):F1} s")
                    )
                    .With("latency at half peak", latency.ToString())
                    .With("latency at half peak, by stage", pacedTracker.Breakdown())
                    .With("CPU at half peak (cores)", pacedCpu.Describe())
                    .With("CPU per message at half peak", pacedCpu.PerMessage(paced.Length))
                    .With("PostgreSQL at half peak", pacedDb.Describe(paced.Length, Clock.Seconds(pacedStart, pacedPublishedAt)));
                result.PacedLatency = latency;
                result.PacedRate = pacedRate;
                if (pacedTracker.Duplicates > 0)
                {
                    result.Problems.Add($"processor: {pacedTracker.Duplicates} duplicate PointsEarned in the paced run");
                }
            }

            var (rssKb, hwmKb) = memory.Read();
            result.With(
                "worker memory",
                string.Create(
                    CultureInfo.InvariantCulture,
                    $"peak VmHWM {hwmKb / 1024.0:F0} MB; RSS at start {startupRssKb / 1024.0:F0} MB, after "
                )
                    + string.Create(CultureInfo.InvariantCulture, $"warm-up {afterWarmupRssKb / 1024.0:F0} MB, ")
                    + "at 25/50/75/100 % "
                    + string.Create(CultureInfo.InvariantCulture, $"{milestones[0] / 1024.0:F0}/{milestones[1] / 1024.0:F0}/")
                    + string.Create(CultureInfo.InvariantCulture, $"{milestones[2] / 1024.0:F0}/{milestones[3] / 1024.0:F0} MB, ")
                    + string.Create(
                        CultureInfo.InvariantCulture,
                        $"at the end {rssKb / 1024.0:F0} MB ({memory.Samples} samples every 200 ms, max sampled RSS "
                    )
                    + string.Create(CultureInfo.InvariantCulture, $"{memory.MaxRssKb / 1024.0:F0} MB)")
            );
            result.PeakMemoryMb = hwmKb / 1024.0;
            result.RssAtProgressMb = [.. milestones.Select(k => k / 1024.0)];

            if (publisher.Failed > 0 || tracker.Duplicates > 0 || collector.Unmatched > 0)
            {
                result.Problems.Add(
                    $"processor: {publisher.Failed} publishes unconfirmed ({publisher.LastError?.Message}), "
                        + $"{tracker.Duplicates} duplicate PointsEarned, {collector.Unmatched} unmatched events"
                );
            }

            await VerifyLedgerAsync(dataSource, all, result);
            foreach (var (queue, messages) in await rabbitAdmin.QueuesAsync(Vhost))
            {
                if (queue.EndsWith("_error", StringComparison.Ordinal) || queue.EndsWith("_skipped", StringComparison.Ordinal))
                {
                    result.With($"queue {queue}", $"{messages} messages");
                    if (messages > 0)
                    {
                        result.Problems.Add($"processor: {messages} messages dead-lettered in {queue}");
                    }
                }
            }

            return result;
        }
        finally
        {
            var exit = await StopAsync(worker);
            var (warnings, sample, infoLines, logBytes) = ScanWorkerLogs(workDir);
            if (result is not null)
            {
                result
                    .With("worker exit", exit)
                    .With(
                        "worker log",
                        string.Create(
                            CultureInfo.InvariantCulture,
                            $"{infoLines:N0} lines, {logBytes / 1024.0 / 1024.0:F1} MB in logs/ (plus the same on the "
                        ) + string.Create(CultureInfo.InvariantCulture, $"console); {warnings} warnings/errors")
                    );
                if (warnings > 0)
                {
                    result.Problems.Add($"processor: {warnings} warning/error lines in the worker log, e.g. {sample}");
                }
            }
        }
    }

    internal static Dictionary<string, string> WorkerEnvironment(BenchOptions options, string database = Database, string vhost = Vhost)
    {
        var environment = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["ConnectionStrings__Ledger"] =
                $"Host={options.PgHost};Port={options.PgPort};Database={database};"
                + $"Username={options.PgProcessorUser};Password={options.PgProcessorPassword};Maximum Pool Size=50",
            ["ConnectionStrings__LedgerOwner"] =
                $"Host={options.PgHost};Port={options.PgPort};Database={database};Username={options.PgUser};Password={options.PgPassword}",
            ["RabbitMq__Host"] = options.Host,
            ["RabbitMq__Port"] = options.AmqpPort.ToString(CultureInfo.InvariantCulture),
            ["RabbitMq__VirtualHost"] = vhost,
            ["RabbitMq__Username"] = options.MqUser,
            ["RabbitMq__Password"] = options.MqPassword,
            ["DOTNET_NOLOGO"] = "1",

            // MassTransit 8 reports usage to its vendor over the internet unless told not to; this machine
            // may only talk to loopback addresses (and the worker does not switch it off itself).
            ["MASSTRANSIT_USAGE_TELEMETRY"] = "false",
        };
        foreach (var (key, value) in options.WorkerEnv)
        {
            environment[key] = value;
        }

        return environment;
    }

    internal static async Task RunToEndAsync(
        string dll,
        string[] args,
        Dictionary<string, string> environment,
        string workDir,
        string logFile,
        TimeSpan limit
    )
    {
        using var process = Start(dll, args, environment, workDir, logFile);
        using var timeout = new CancellationTokenSource(limit);
        await process.WaitForExitAsync(timeout.Token);
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException(
                $"dotnet {Path.GetFileName(dll)} {string.Join(' ', args)} exited with "
                    + $"{process.ExitCode}:{Environment.NewLine}{Tail(logFile)}"
            );
        }
    }

    internal static Process StartWorker(string dll, Dictionary<string, string> environment, string workDir, string logFile) =>
        Start(dll, [], environment, workDir, logFile);

    /// <summary>
    /// Starts <c>dotnet DLL ARGS</c> with its output appended to a file, through <c>sh -c 'exec env ...'</c>:
    /// the process id is the worker's own, nothing in this process has to drain its console, and the settings
    /// go through env(1) so that names a shell would drop (Serilog__MinimumLevel__Override__Messaging.Processing) survive.
    /// </summary>
    internal static Process Start(string dll, string[] args, Dictionary<string, string> environment, string workDir, string logFile)
    {
        var info = new ProcessStartInfo("/bin/sh") { WorkingDirectory = workDir, UseShellExecute = false };
        info.ArgumentList.Add("-c");
        info.ArgumentList.Add("log=$1; shift; exec env \"$@\" >>\"$log\" 2>&1 </dev/null");
        info.ArgumentList.Add("sh");
        info.ArgumentList.Add(logFile);
        foreach (var (key, value) in environment)
        {
            info.ArgumentList.Add($"{key}={value}");
        }

        info.ArgumentList.Add("dotnet");
        info.ArgumentList.Add(dll);
        foreach (var arg in args)
        {
            info.ArgumentList.Add(arg);
        }

        return Process.Start(info) ?? throw new InvalidOperationException("could not start the worker");
    }

    internal static async Task<string> StopAsync(Process worker)
    {
        if (worker.HasExited)
        {
            return $"exited early with code {worker.ExitCode}";
        }

        using (var kill = Process.Start("kill", ["-TERM", worker.Id.ToString(CultureInfo.InvariantCulture)]))
        {
            await kill.WaitForExitAsync();
        }

        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        try
        {
            await worker.WaitForExitAsync(timeout.Token);
            return $"stopped on SIGTERM with code {worker.ExitCode}";
        }
        catch (OperationCanceledException)
        {
            worker.Kill(entireProcessTree: true);
            return "did not stop within 30 s of SIGTERM; killed";
        }
    }

    /// <summary>Waits until all <paramref name="expectedEarned"/> earned entries exist and the outbox is empty; returns when.</summary>
    private static async Task<long> WaitForLedgerAsync(NpgsqlDataSource dataSource, long expectedEarned, TimeSpan limit)
    {
        var start = Clock.Now;
        long earned = 0,
            outbox = 0;
        while (Clock.Seconds(start, Clock.Now) < limit.TotalSeconds)
        {
            await using var command = dataSource.CreateCommand(
                "SELECT (SELECT count(*) FROM journal_entries WHERE entry_type = 'earned'), (SELECT count(*) FROM outbox_message)"
            );
            await using var reader = await command.ExecuteReaderAsync();
            await reader.ReadAsync();
            earned = reader.GetInt64(0);
            outbox = reader.GetInt64(1);
            if (earned >= expectedEarned && outbox == 0)
            {
                return Clock.Now;
            }

            await Task.Delay(20);
        }

        throw new TimeoutException(
            $"the ledger did not settle in {limit.TotalSeconds:F0}s: {earned}/{expectedEarned} earned entries, {outbox} outbox rows"
        );
    }

    private static async Task WatchProgressAsync(
        PhaseTracker tracker,
        MemorySampler memory,
        long[] milestones,
        string topFile,
        CancellationToken stop
    )
    {
        var next = 0;
        try
        {
            while (next < 3)
            {
                var done = tracker.ReceivedCount / (double)tracker.Count;
                while (next < 3 && done >= (next + 1) * 0.25)
                {
                    milestones[next] = memory.Read().RssKb;
                    if (next == 1)
                    {
                        await SnapshotTopAsync(topFile);
                    }

                    next++;
                }

                await Task.Delay(50, stop);
            }
        }
        catch (OperationCanceledException)
        {
            // Finished before every milestone was seen (tiny N).
        }
    }

    private static async Task SnapshotTopAsync(string file)
    {
        try
        {
            var info = new ProcessStartInfo("top", ["-b", "-n", "1", "-w", "200"])
            {
                RedirectStandardOutput = true,
                UseShellExecute = false,
            };
            using var top = Process.Start(info)!;
            var text = await top.StandardOutput.ReadToEndAsync();
            await top.WaitForExitAsync();
            await File.WriteAllTextAsync(file, text);
        }
        catch (System.ComponentModel.Win32Exception)
        {
            // No top here; the /proc CPU accounting still covers it.
        }
    }

    private static async Task VerifyLedgerAsync(NpgsqlDataSource dataSource, List<OrderSpec> all, ModeResult result)
    {
        var users = all.Select(s => s.User).Distinct().Count();
        var expectedUserPoints = all.Sum(s => s.Points) + (users * 150L);
        await using var command = dataSource.CreateCommand(
            """
            SELECT
              (SELECT count(*) FROM journal_entries),
              (SELECT count(*) FROM journal_entries WHERE entry_type = 'earned'),
              (SELECT count(*) FROM journal_entries WHERE entry_type = 'signup'),
              (SELECT count(*) FROM journal_entries WHERE entry_type = 'first_order'),
              (SELECT count(*) FROM postings),
              (SELECT coalesce(sum(amount), 0) FROM postings),
              (SELECT coalesce(sum(balance), 0) FROM accounts WHERE kind = 'user_wallet'),
              (SELECT count(*) FROM accounts WHERE kind = 'user_wallet'),
              (SELECT coalesce(sum(balance), 0)::bigint FROM accounts WHERE kind = 'platform_issuance'),
              (SELECT count(*) FROM outbox_message),
              (SELECT count(*) FROM inbox_state),
              (SELECT count(*) FROM ledger_refusals),
              (SELECT count(*) FROM accounts a WHERE balance <> (SELECT coalesce(sum(amount), 0) FROM postings p WHERE p.account_id = a.id))
            """
        );
        await using var reader = await command.ExecuteReaderAsync();
        await reader.ReadAsync();
        var v = Enumerable.Range(0, reader.FieldCount).Select(reader.GetInt64).ToArray();
        var (entries, earned, signup, firstOrder, postings, postingSum, walletSum, wallets, issuance, outbox, inbox, refusals, drifted) = (
            v[0],
            v[1],
            v[2],
            v[3],
            v[4],
            v[5],
            v[6],
            v[7],
            v[8],
            v[9],
            v[10],
            v[11],
            v[12]
        );

        var checks = new List<(string What, bool Ok)>
        {
            (
                $"{entries} journal entries = {all.Count} earned + 2 x {users} users bonuses",
                entries == all.Count + (2L * users) && earned == all.Count && signup == users && firstOrder == users
            ),
            ($"{postings} postings = 2 per entry, summing to {postingSum}", postings == 2 * entries && postingSum == 0),
            ($"sum of {wallets} user wallets {walletSum} = -issuance ({-issuance})", walletSum == -issuance && wallets == users),
            ($"user points {walletSum} = expected {expectedUserPoints}", walletSum == expectedUserPoints),
            ($"outbox rows {outbox} = 0", outbox == 0),
            ($"inbox rows {inbox} = {all.Count} messages", inbox == all.Count),
            ($"refusals {refusals} = 0", refusals == 0),
            ($"accounts whose balance differs from their postings: {drifted}", drifted == 0),
        };
        result.With("ledger check", string.Join("; ", checks.Select(c => (c.Ok ? "ok " : "FAILED ") + c.What)));
        result.Problems.AddRange(checks.Where(c => !c.Ok).Select(c => $"processor: ledger check failed: {c.What}"));
    }

    internal static (int Warnings, string Sample, long Lines, long Bytes) ScanWorkerLogs(string workDir)
    {
        var logs = Path.Combine(workDir, "logs");
        if (!Directory.Exists(logs))
        {
            return (0, "", 0, 0);
        }

        int warnings = 0;
        long lines = 0,
            bytes = 0;
        var sample = "";
        foreach (var file in Directory.EnumerateFiles(logs))
        {
            bytes += new FileInfo(file).Length;
            foreach (var line in File.ReadLines(file))
            {
                lines++;
                if (
                    line.Contains(" [WRN] ", StringComparison.Ordinal)
                    || line.Contains(" [ERR] ", StringComparison.Ordinal)
                    || line.Contains(" [FTL] ", StringComparison.Ordinal)
                )
                {
                    warnings++;
                    if (sample.Length == 0)
                    {
                        sample = line.Length > 300 ? line[..300] : line;
                    }
                }
            }
        }

        return (warnings, sample, lines, bytes);
    }

    private static string Tail(string file) =>
        File.Exists(file) ? string.Join(Environment.NewLine, File.ReadLines(file).TakeLast(30)) : "(no output)";
}

/// <summary>pg_stat_database counters of the bench database, to tell how many messages each transaction carried.</summary>
internal sealed record DbStats(long Commits, long Rollbacks, long Inserted, long Updated, long Deleted)
{
    public static async Task<DbStats> TakeAsync(NpgsqlDataSource dataSource)
    {
        // Statistics are flushed by each backend at most once a second; wait for that before reading.
        await Task.Delay(1100);
        await using var command = dataSource.CreateCommand(
            "SELECT xact_commit, xact_rollback, tup_inserted, tup_updated, tup_deleted FROM "
                + "pg_stat_database WHERE datname = current_database()"
        );
        await using var reader = await command.ExecuteReaderAsync();
        await reader.ReadAsync();
        return new DbStats(reader.GetInt64(0), reader.GetInt64(1), reader.GetInt64(2), reader.GetInt64(3), reader.GetInt64(4));
    }

    public static DbStats operator -(DbStats a, DbStats b) =>
        new(a.Commits - b.Commits, a.Rollbacks - b.Rollbacks, a.Inserted - b.Inserted, a.Updated - b.Updated, a.Deleted - b.Deleted);

    public string Describe(long messages, double seconds) =>
        string.Create(CultureInfo.InvariantCulture, $"{Commits:N0} commits ({Commits / seconds:N0}/s, ")
        + string.Create(
            CultureInfo.InvariantCulture,
            $"{messages / (double)Math.Max(1, Commits):F1} messages per commit, counting the outbox "
        )
        + string.Create(
            CultureInfo.InvariantCulture,
            $"deletes and the bench's own polling), {Rollbacks} rollbacks; rows inserted {Inserted:N0}, "
        )
        + string.Create(CultureInfo.InvariantCulture, $"updated {Updated:N0}, deleted {Deleted:N0}");
}
