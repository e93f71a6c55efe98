using System.Buffers;
using System.Globalization;
using System.Text.Json;
using Messaging.Benchmarks.Infrastructure;
using Messaging.Ledger.Journal;
using Npgsql;

namespace Messaging.Benchmarks.Modes;

/// <summary>
/// Attendance with its streak and badge work, with the real worker as a child process on its own database and vhost (as <see
/// cref="ProcessorBench"/>). N EventAttended over U users, each user attending K events a week (--per-week, default 1: every attendance
/// opens a week, the most streak work per message), week after week, missing every sixth week (so streaks grow, break and start again, each
/// attended week pays a bonus, and badge levels are reached along the way), six event types in turn; published as fast as publisher
/// confirms allow; the run ends at the N-th AttendancePointsEarned. The worker's memory is read at 25, 50, 75 and 100 % of the run.
/// </summary>
internal static class AttendanceBench
{
    public const string Database = "ledger_bench_attendance";
    public const string Vhost = "ledger_bench_attendance";
    private const string Queue = "ledger-attendance";
    private const string RequestExchange = "event-attended";
    private const string EarnedExchange = "attendance-points-earned";
    private const string CollectorQueue = "bench-attendance-answers";
    private static readonly string[] EventTypes = ["workshop", "meetup", "talk", "trivia", "hike", "game-night"];
    private static readonly DateTimeOffset FirstMonday = new(2020, 1, 6, 18, 0, 0, TimeSpan.Zero);

    public static async Task<ModeResult> RunAsync(BenchOptions options, RabbitAdmin rabbitAdmin, PgAdmin pgAdmin)
    {
        const string mode = BenchOptions.Attendance;
        var workerDll = Path.Combine(options.RepoRoot, "src", "Messaging.Worker", "bin", "Release", "net10.0", "Messaging.Worker.dll");
        if (!File.Exists(workerDll))
        {
            throw new FileNotFoundException($"{workerDll} is missing: build first (eng/bench.sh does)");
        }

        var count = options.AttendanceCount;
        var users = options.AttendanceUsers;
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

        var total = warmupCount + count;
        var answers = new AnswerTracker(total, EarnedExchange, "AttendancePointsEarned", AnswerTracker.IndexedIds("eventId", 'a'));
        await Rabbit.DeclareRequestAndAnswersAsync(options, Vhost, RequestExchange, CollectorQueue, EarnedExchange);

        await using var collector = await answers.StartAsync(options, Vhost, CollectorQueue);
        var workerLog = Path.Combine(workDir, "worker.out");
        using var worker = ProcessorBench.StartWorker(workerDll, environment, workDir, workerLog);
        Log.Info($"{mode}: worker started, pid {worker.Id}; console output in {Path.GetRelativePath(options.RepoRoot, workerLog)}");
        await using var memory = new MemorySampler(worker.Id);
        ModeResult? result = null;
        try
        {
            await NaiveBench.WaitForConsumerAsync(rabbitAdmin, Vhost, Queue, () => worker.HasExited, TimeSpan.FromSeconds(90));
            await using var publisher = await ConfirmedPublisher.CreateAsync(options, Vhost, "bench-attendance-publisher");
            await PublishAsync(publisher, 0, warmupCount, users, options.AttendancesPerWeek, answers);
            await answers.WaitAsync(warmupCount, TimeSpan.FromMinutes(5), $"{mode} warm-up");
            var afterWarmupRssKb = memory.Read().RssKb;

            Log.Info($"{mode}: publishing {count} EventAttended over {users} users as fast as possible");
            var cpuBefore = CpuSnapshot.Take(worker.Id);
            var start = Clock.Now;
            var publishing = PublishAsync(publisher, warmupCount, total, users, options.AttendancesPerWeek, answers);
            var milestones = new long[4];
            for (var quarter = 1; quarter <= 4; quarter++)
            {
                await answers.WaitAsync(
                    warmupCount + (count * quarter / 4),
                    TimeSpan.FromSeconds(Math.Max(600, count / 100.0)),
                    $"{mode} {quarter * 25} %"
                );
                milestones[quarter - 1] = memory.Read().RssKb;
            }

            await publishing;
            await publisher.DrainAsync();
            var end = await answers.WaitAsync(total, TimeSpan.FromMinutes(1), mode);
            var cpu = CpuSnapshot.Between(cpuBefore, CpuSnapshot.Take(worker.Id));
            var seconds = Clock.Seconds(start, end);
            var (_, hwmKb) = memory.Read();

            result = new ModeResult(mode, count, seconds)
                .With(
                    "workload",
                    string.Create(
                        CultureInfo.InvariantCulture,
                        $"{count:N0} attendances over {users:N0} users, {options.AttendancesPerWeek} a week each, "
                    )
                        + "every sixth week missed, six event types in turn (streak bonuses and badge levels paid "
                        + string.Create(CultureInfo.InvariantCulture, $"along the way), after {warmupCount} warm-up attendances")
                )
                .With(
                    "latency at peak (includes the backlog of publishing faster than processing)",
                    answers.Latencies(warmupCount, total).ToString()
                )
                .With("CPU (cores)", cpu.Describe())
                .With("CPU per attendance", cpu.PerMessage(count))
                .With(
                    "worker memory",
                    string.Create(
                        CultureInfo.InvariantCulture,
                        $"peak VmHWM {hwmKb / 1024.0:F0} MB; RSS after warm-up {afterWarmupRssKb / 1024.0:F0} MB, at 25/50/75/100 % "
                    )
                        + string.Create(CultureInfo.InvariantCulture, $"{milestones[0] / 1024.0:F0}/{milestones[1] / 1024.0:F0}/")
                        + string.Create(CultureInfo.InvariantCulture, $"{milestones[2] / 1024.0:F0}/{milestones[3] / 1024.0:F0} MB")
                );
            result.PeakMemoryMb = hwmKb / 1024.0;
            result.RssAtProgressMb = [.. milestones.Select(k => k / 1024.0)];

            if (publisher.Failed > 0 || answers.Duplicates > 0 || answers.Unmatched > 0 || answers.Bad > 0)
            {
                result.Problems.Add(
                    $"{mode}: {publisher.Failed} publishes unconfirmed, {answers.Duplicates} duplicate answers, "
                        + $"{answers.Unmatched} unmatched, {answers.Bad} refused (e.g. {answers.FirstBad})"
                );
            }

            await VerifyAsync(dataSource, mode, total, result);
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

    private static async Task PublishAsync(ConfirmedPublisher publisher, int from, int to, int users, int perWeek, AnswerTracker answers)
    {
        for (var i = from; i < to; i++)
        {
            answers.MarkPublished(i, Clock.Now);
            await publisher.PublishAsync(RequestExchange, Rabbit.JsonProperties(Guid.NewGuid()), Body(i, users, perWeek));
        }
    }

    /// <summary>The i-th attendance: user i mod U, their k-th (k = i / U), in their (k / K)-th attended week, skipping every sixth
    /// week.</summary>
    private static byte[] Body(int index, int users, int perWeek)
    {
        var user = index % users;
        var k = index / users;
        var attended = k / perWeek;
        var week = attended + (attended / 5);
        var buffer = new ArrayBufferWriter<byte>(192);
        using (var w = new Utf8JsonWriter(buffer))
        {
            w.WriteStartObject();
            w.WriteString("eventId", string.Create(CultureInfo.InvariantCulture, $"a{index}"));
            w.WriteString("userId", string.Create(CultureInfo.InvariantCulture, $"bench-user-{user:D6}"));
            w.WriteString("eventType", EventTypes[k % EventTypes.Length]);
            w.WriteString("attendedAt", FirstMonday.AddDays((7 * week) + ((user + k) % 7)).AddMinutes(k % perWeek));
            w.WriteEndObject();
        }

        return buffer.WrittenSpan.ToArray();
    }

    private static async Task VerifyAsync(NpgsqlDataSource dataSource, string mode, int expected, ModeResult result)
    {
        await using var command = dataSource.CreateCommand(
            $"""
            SELECT
              (SELECT count(*) FROM journal_entries WHERE entry_type = '{EntryTypes.Attendance}'),
              (SELECT count(*) FROM attendances),
              (SELECT coalesce(sum(p.amount), 0) FROM journal_entries e JOIN postings p ON p.journal_entry_id = e.id AND p.amount > 0 WHERE
                  e.entry_type = '{EntryTypes.StreakBonus}'),
              (SELECT coalesce(sum(bonus_paid), 0) FROM attendance_streaks),
              (SELECT count(*) FROM journal_entries WHERE entry_type = '{EntryTypes.BadgeAward}'),
              (SELECT count(*) FROM attendance_badges WHERE points > 0),
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
            ($"{v[0]} attendance entries = {expected}", v[0] == expected),
            ($"{v[1]} attendances recorded = {expected}", v[1] == expected),
            ($"streak bonuses paid {v[2]} = {v[3]} recorded (and more than 0)", v[2] == v[3] && v[2] > 0),
            ($"badge levels paid {v[4]} = {v[5]} recorded (and more than 0)", v[4] == v[5] && v[4] > 0),
            ($"outbox rows {v[6]} = 0", v[6] == 0),
            ($"postings sum {v[7]} = 0", v[7] == 0),
            ($"accounts whose balance differs from their postings: {v[8]}", v[8] == 0),
        };
        result.With("ledger check", string.Join("; ", checks.Select(c => (c.Ok ? "ok " : "FAILED ") + c.What)));
        result.Problems.AddRange(checks.Where(c => !c.Ok).Select(c => $"{mode}: ledger check failed: {c.What}"));
    }
}
