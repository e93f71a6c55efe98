using System.Globalization;
using Messaging.Benchmarks;
using Messaging.Benchmarks.Infrastructure;
using Messaging.Benchmarks.Modes;

BenchOptions options;
try
{
    options = BenchOptions.Parse(args);
}
catch (ArgumentException ex)
{
    Console.Error.WriteLine(ex.Message == "help" ? BenchOptions.Usage : $"{ex.Message}{Environment.NewLine}{Environment.NewLine}{BenchOptions.Usage}");
    return 2;
}

Directory.CreateDirectory(options.OutDir);
using var rabbitAdmin = new RabbitAdmin(options);
var pgAdmin = new PgAdmin(options);
var machine = await Machine.DescribeAsync(rabbitAdmin, pgAdmin);
foreach (var (name, value) in machine)
{
    Log.Info($"{name}: {value}");
}

var command = "bash eng/bench.sh" + (args.Length == 0 ? "" : " " + string.Join(' ', args.Where(a => !a.StartsWith("--repo-root", StringComparison.Ordinal))));
var results = new List<ModeResult>();
var failures = new List<string>();
try
{
    foreach (var mode in options.Modes)
    {
        // Every mode sees the same order stream (same users and amounts, in the same order).
        var orders = new OrderGenerator(options.Users);
        Log.Info($"=== {mode}");
        var quiet = await CpuUsage.WaitForQuietAsync(0.25, TimeSpan.FromMinutes(3));
        if (quiet.BusyElsewhere >= 0.25)
        {
            failures.Add(string.Create(CultureInfo.InvariantCulture, $"{mode}: the machine was not quiet before the run ({quiet.Describe()}); its numbers are not trustworthy"));
        }
        try
        {
            var result = mode switch
            {
                BenchOptions.RawRabbitMq => await RawRabbitMqBench.RunAsync(options, rabbitAdmin, orders),
                BenchOptions.RawPostgres => await RawPostgresBench.RunAsync(options, pgAdmin, orders),
                BenchOptions.Naive => await NaiveBench.RunAsync(options, rabbitAdmin, pgAdmin, orders),
                BenchOptions.Processor => await ProcessorBench.RunAsync(options, rabbitAdmin, pgAdmin, orders),
                _ => throw new ArgumentOutOfRangeException(nameof(args), mode, "unknown mode"),
            };
            results.Add(result);
            Log.Info(string.Create(CultureInfo.InvariantCulture, $"{mode}: {result.Messages:N0} messages in {result.Seconds:F2} s = {result.MessagesPerSecond:N0} msg/s"));
            foreach (var (name, value) in result.Details)
            {
                Log.Info($"  {name}: {value}");
            }

            foreach (var problem in result.Problems)
            {
                Log.Info($"  PROBLEM: {problem}");
            }
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            failures.Add($"{mode} failed: {ex.GetType().Name}: {ex.Message}");
            Log.Info($"{mode} FAILED: {ex}");
        }
    }
}
finally
{
    if (!options.Keep)
    {
        foreach (var vhost in new[] { RawRabbitMqBench.Vhost, NaiveBench.Vhost, ProcessorBench.Vhost })
        {
            await rabbitAdmin.DeleteVhostAsync(vhost);
        }

        foreach (var database in new[] { RawPostgresBench.Database, NaiveBench.Database, ProcessorBench.Database })
        {
            await pgAdmin.DropDatabaseAsync(database);
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
