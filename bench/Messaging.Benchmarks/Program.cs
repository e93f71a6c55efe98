using System.Globalization;
using Messaging.Benchmarks;
using Messaging.Benchmarks.Infrastructure;
using Messaging.Benchmarks.Modes;

BenchOptions options;
try
{
    options = BenchOptions.Parse(args);
}
catch (ArgumentException ex) when (ex.Message == "help")
{
    // Asked for: the usage on standard output, and success.
    Console.Out.WriteLine(BenchOptions.Usage);
    return 0;
}
catch (ArgumentException ex)
{
    Console.Error.WriteLine($"{ex.Message}{Environment.NewLine}{Environment.NewLine}{BenchOptions.Usage}");
    return 2;
}

Directory.CreateDirectory(options.OutDir);
await using var runLock = await RunLock.AcquireAsync(TimeSpan.FromMinutes(30));
using var rabbitAdmin = new RabbitAdmin(options);
var pgAdmin = new PgAdmin(options);
var machine = await Machine.DescribeAsync(rabbitAdmin, pgAdmin, options.RepoRoot);
foreach (var (name, value) in machine)
{
    Log.Info($"{name}: {value}");
}

var shown = args.Where((a, i) => a != "--repo-root" && (i == 0 || args[i - 1] != "--repo-root")).ToList();
var command = "bash eng/bench.sh" + (shown.Count == 0 ? "" : " " + string.Join(' ', shown));
var results = new List<ModeResult>();
var failures = new List<string>();
try
{
    foreach (var mode in options.Modes)
    {
        // A run disturbed by something else on the machine (another build or test run, a server restart)
        // is repeated, up to --attempts times; the last attempt's result stands, with its problems.
        for (var attempt = 1; attempt <= options.Attempts; attempt++)
        {
            Log.Info(
                attempt == 1 ? $"=== {mode}" : $"=== {mode} (attempt {attempt} of {options.Attempts}: the previous one was disturbed)"
            );
            var (result, failure) = await RunModeAsync(mode);
            var disturbed =
                (
                    failure is not null
                    && (failure.Contains("57P01", StringComparison.Ordinal) || failure.Contains("something else", StringComparison.Ordinal))
                )
                || (
                    result?.Problems.Any(p =>
                        p.Contains("not quiet", StringComparison.Ordinal) || p.Contains("restarted", StringComparison.Ordinal)
                    )
                    ?? false
                );
            if (!disturbed || attempt == options.Attempts)
            {
                if (result is not null)
                {
                    results.Add(result);
                }

                if (failure is not null)
                {
                    failures.Add(failure);
                }

                break;
            }
        }
    }
}
finally
{
    if (!options.Keep)
    {
        var cleanup = new List<Func<Task>>();
        cleanup.AddRange(
            new[]
            {
                RawRabbitMqBench.Vhost,
                NaiveBench.Vhost,
                ProcessorBench.Vhost,
                RedemptionBench.Vhost,
                RecognitionBench.Vhost,
                DeductionBench.Vhost,
                AttendanceBench.Vhost,
                DeadLetterBench.Vhost,
            }.Select(v => (Func<Task>)(() => rabbitAdmin.DeleteVhostAsync(v)))
        );
        cleanup.AddRange(
            new[]
            {
                RawPostgresBench.Database,
                NaiveBench.Database,
                ProcessorBench.Database,
                RedemptionBench.Database,
                RecognitionBench.Database,
                DeductionBench.Database,
                AttendanceBench.Database,
                DeadLetterBench.Database,
                BalanceAtBench.Database,
            }.Select(d => (Func<Task>)(() => pgAdmin.DropDatabaseAsync(d)))
        );
        foreach (var step in cleanup)
        {
            try
            {
                await step();
            }
            catch (Exception ex) when (ex is Npgsql.NpgsqlException or HttpRequestException or InvalidOperationException)
            {
                failures.Add($"cleanup: {ex.Message} (drop the ledger_bench_* databases and vhosts by hand, or run the benchmark again)");
            }
        }

        Log.Info("dropped the ledger_bench_* databases and vhosts (--keep keeps them)");
    }
}

var markdown = Report.Markdown(options, machine, results, failures, command);
var resultsFile = Path.Combine(options.OutDir, "results.md");
await File.WriteAllTextAsync(resultsFile, markdown);
Console.WriteLine(markdown);
Log.Info($"results written to {resultsFile}");
return failures.Count + results.Sum(r => r.Problems.Count) == 0 ? 0 : 1;

async Task<(ModeResult? Result, string? Failure)> RunModeAsync(string mode)
{
    // Every mode sees the same order stream (same users and amounts, in the same order).
    var orders = new OrderGenerator(options.Users);
    var quiet = await CpuUsage.WaitForQuietAsync(0.25, TimeSpan.FromMinutes(3));
    DateTime? pgStarted = null;
    long rabbitUptime = 0;
    var modeStart = Clock.Now;
    try
    {
        pgStarted = await pgAdmin.ServerStartedAsync();
        rabbitUptime = await rabbitAdmin.UptimeMsAsync();
        var result = mode switch
        {
            BenchOptions.RawRabbitMq => await RawRabbitMqBench.RunAsync(options, rabbitAdmin, orders),
            BenchOptions.RawPostgres => await RawPostgresBench.RunAsync(options, pgAdmin, orders),
            BenchOptions.Naive => await NaiveBench.RunAsync(options, rabbitAdmin, pgAdmin, orders),
            BenchOptions.Processor => await ProcessorBench.RunAsync(options, rabbitAdmin, pgAdmin, orders),
            BenchOptions.Redemptions => await RedemptionBench.RunAsync(options, rabbitAdmin, pgAdmin),
            BenchOptions.Recognitions => await RecognitionBench.RunAsync(options, rabbitAdmin, pgAdmin, hot: false),
            BenchOptions.RecognitionsHot => await RecognitionBench.RunAsync(options, rabbitAdmin, pgAdmin, hot: true),
            BenchOptions.Deductions => await DeductionBench.RunAsync(options, rabbitAdmin, pgAdmin),
            BenchOptions.Attendance => await AttendanceBench.RunAsync(options, rabbitAdmin, pgAdmin),
            BenchOptions.DeadLetters => await DeadLetterBench.RunAsync(options, rabbitAdmin, pgAdmin),
            BenchOptions.BalanceAt => await BalanceAtBench.RunAsync(options, pgAdmin),
            _ => throw new ArgumentOutOfRangeException(nameof(mode), mode, "unknown mode"),
        };
        if (quiet.BusyElsewhere >= 0.25)
        {
            result.Problems.Add(
                string.Create(
                    CultureInfo.InvariantCulture,
                    $"{mode}: the machine was not quiet before the run ({quiet.Describe()}); its numbers are not trustworthy"
                )
            );
        }

        if (await pgAdmin.ServerStartedAsync() != pgStarted)
        {
            result.Problems.Add($"{mode}: PostgreSQL was restarted during the run by something else; its numbers are not trustworthy");
        }

        if (await rabbitAdmin.UptimeMsAsync() < rabbitUptime + (Clock.Seconds(modeStart, Clock.Now) * 1000) - 60_000)
        {
            result.Problems.Add($"{mode}: RabbitMQ was restarted during the run by something else; its numbers are not trustworthy");
        }

        foreach (var (name, value) in result.Details.Where(d => d.Name.StartsWith("CPU", StringComparison.Ordinal)).ToList())
        {
            if (value.Contains("other = ", StringComparison.Ordinal) && OtherCores(value) >= 0.2)
            {
                result.Problems.Add(
                    $"{mode}: other processes used {OtherCores(value):F2} cores during the run ({name}: {value}); the machine was not quiet"
                );
            }
        }

        Log.Info(
            string.Create(
                CultureInfo.InvariantCulture,
                $"{mode}: {result.Messages:N0} messages in {result.Seconds:F2} s = {result.MessagesPerSecond:N0} msg/s"
            )
        );
        foreach (var (name, value) in result.Details)
        {
            Log.Info($"  {name}: {value}");
        }

        foreach (var problem in result.Problems)
        {
            Log.Info($"  PROBLEM: {problem}");
        }

        return (result, null);
    }
    catch (Exception ex) when (ex is not OutOfMemoryException)
    {
        Log.Info($"{mode} FAILED: {ex}");
        var restarted = await ServerRestartedAsync(pgStarted, rabbitUptime);
        return (null, $"{mode} failed: {ex.GetType().Name}: {ex.Message}{restarted}");
    }
}

async Task<string> ServerRestartedAsync(DateTime? pgStarted, long rabbitUptime)
{
    try
    {
        return pgStarted is null ? " (a server was unreachable: restarted by something else?)"
            : await pgAdmin.ServerStartedAsync() != pgStarted ? " (PostgreSQL was restarted during the run by something else: 57P01)"
            : await rabbitAdmin.UptimeMsAsync() < rabbitUptime ? " (RabbitMQ was restarted during the run by something else)"
            : "";
    }
    catch (Exception ex) when (ex is Npgsql.NpgsqlException or HttpRequestException)
    {
        return " (a server was unreachable afterwards)";
    }
}

static double OtherCores(string cpu)
{
    var at = cpu.IndexOf("other ", StringComparison.Ordinal) + 6;
    var end = cpu.IndexOf(',', at);
    return double.TryParse(cpu.AsSpan(at, end - at), NumberStyles.Float, CultureInfo.InvariantCulture, out var cores) ? cores : 0;
}
