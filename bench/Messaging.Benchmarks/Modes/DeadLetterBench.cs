using System.Globalization;
using System.Text;
using System.Text.Json;
using Messaging.Benchmarks.Infrastructure;
using Messaging.Operations.DeadLetters;
using RabbitMQ.Client;

namespace Messaging.Benchmarks.Modes;

/// <summary>
/// The dead-letter commands at outage scale: N orders (default 100,000) parked in <c>ledger-order-completed_error</c>
/// with the fault headers MassTransit writes, a third each for three reasons; then the admin tool, as an operator runs
/// it (a child process, as the operator's broker and database users would), lists and groups them, shows one page of 50,
/// and replays the third that failed for currency XYZ to their source queue. Each command's wall time and peak resident
/// memory (VmHWM) are reported against the issue's figures (list under 5 s and 200 MB, a page under 1 s).
/// </summary>
internal static class DeadLetterBench
{
    public const string Database = "ledger_bench_dlq";
    public const string Vhost = "ledger_bench_dlq";
    private const string SourceQueue = "ledger-order-completed";
    private const string ErrorQueue = SourceQueue + "_error";
    private const string SeedExchange = "bench-dead-letter-seed";

    private static readonly string[] Reasons =
    [
        "Earning: currency 'XYZ' is not configured (no points per unit for it). Add Earning__PointsPerUnit__XYZ, or correct the order.",
        "Earning: currency 'ABC' is not configured (no points per unit for it). Add Earning__PointsPerUnit__ABC, or correct the order.",
        "OrderCompleted is refused: /amount must be greater than 0 (got -1).",
    ];

    public static async Task<ModeResult> RunAsync(BenchOptions options, RabbitAdmin rabbitAdmin, PgAdmin pgAdmin)
    {
        const string mode = BenchOptions.DeadLetters;
        var adminDll = Path.Combine(options.RepoRoot, "src", "Messaging.Admin", "bin", "Release", "net10.0", "Messaging.Admin.dll");
        var workerDll = Path.Combine(options.RepoRoot, "src", "Messaging.Worker", "bin", "Release", "net10.0", "Messaging.Worker.dll");
        foreach (var dll in new[] { adminDll, workerDll })
        {
            if (!File.Exists(dll))
            {
                throw new FileNotFoundException($"{dll} is missing: build first (eng/bench.sh does)");
            }
        }

        var count = options.Count;
        var workDir = await ModeSetup.FreshAsync(options, mode, rabbitAdmin, Vhost, pgAdmin, Database);
        var environment = ProcessorBench.WorkerEnvironment(options, Database, Vhost);
        await ProcessorBench.RunToEndAsync(
            workerDll,
            ["migrate"],
            environment,
            workDir,
            Path.Combine(workDir, "migrate.log"),
            TimeSpan.FromMinutes(2)
        );

        await using (var setup = await Rabbit.ConnectAsync(options, Vhost, "bench-dead-letter-setup"))
        await using (var channel = await setup.CreateChannelAsync())
        {
            await channel.QueueDeclareAsync(SourceQueue, durable: true, exclusive: false, autoDelete: false, arguments: Rabbit.QuorumQueue);
            await Rabbit.DeclareFanoutToQuorumQueueAsync(channel, SeedExchange, ErrorQueue);
            await setup.CloseAsync();
        }

        Log.Info($"{mode}: parking {count} dead-lettered orders in {ErrorQueue}");
        var failedAt = DateTimeOffset.UtcNow.AddHours(-1);
        var wantedReplays = 0;
        await using (var publisher = await ConfirmedPublisher.CreateAsync(options, Vhost, "bench-dead-letter-seed"))
        {
            for (var i = 0; i < count; i++)
            {
                var reason = i % Reasons.Length;
                wantedReplays += reason == 0 ? 1 : 0;
                var properties = Rabbit.JsonProperties(Guid.NewGuid());
                properties.Headers = new Dictionary<string, object?>
                {
                    ["MT-Reason"] = "fault",
                    ["MT-Fault-Message"] = Reasons[reason],
                    ["MT-Fault-ExceptionType"] = "Messaging.Ledger.Refusals.MessageRejectedException",
                    ["MT-Fault-Timestamp"] = failedAt.AddMilliseconds(i).ToString("O", CultureInfo.InvariantCulture),
                    ["MT-Fault-InputAddress"] = $"rabbitmq://{options.Host}/{Vhost}/{SourceQueue}",
                };
                var body = Encoding.UTF8.GetBytes(
                    string.Create(
                        CultureInfo.InvariantCulture,
                        $$"""{"orderId":"dl-{{i}}","userId":"user-{{i % 5000}}","amount":{{(reason == 2 ? -1 : 25.5m)}},"""
                    ) + string.Create(CultureInfo.InvariantCulture, $$"""{{Currency(reason)}},"occurredAt":"{{failedAt:O}}"}""")
                );
                await publisher.PublishAsync(SeedExchange, properties, body);
            }

            await publisher.DrainAsync();
            if (publisher.Failed > 0)
            {
                throw new InvalidOperationException($"{publisher.Failed} dead letters were not confirmed: {publisher.LastError?.Message}");
            }
        }

        var adminEnvironment = new Dictionary<string, string>
        {
            ["RabbitMq__Host"] = options.Host,
            ["RabbitMq__Port"] = options.AmqpPort.ToString(CultureInfo.InvariantCulture),
            ["RabbitMq__ManagementPort"] = options.ManagementPort.ToString(CultureInfo.InvariantCulture),
            ["RabbitMq__VirtualHost"] = Vhost,
            ["RabbitMq__Username"] = options.MqUser,
            ["RabbitMq__Password"] = options.MqPassword,
            ["ConnectionStrings__LedgerOperator"] = options.PgConnectionString(Database, 4),
            ["LEDGER_OPERATOR"] = "bench",
            ["DOTNET_NOLOGO"] = "1",
        };

        var (listSeconds, listMb, listOutput) = await RunAdminAsync(adminDll, ["dlq", "list", "--json"], adminEnvironment, workDir, "list");

        // The table's row: every parked message read and grouped by `dlq list`, the tool's start-up included.
        var result = new ModeResult(mode, count, listSeconds);
        using (var list = JsonDocument.Parse(listOutput))
        {
            var queue = list
                .RootElement.GetProperty("queues")
                .EnumerateArray()
                .Single(q => q.GetProperty("queue").GetString() == ErrorQueue);
            var listed = queue.GetProperty("messages").GetInt64();
            var groups = queue.GetProperty("groups").GetArrayLength();
            var grouped = queue.GetProperty("groups").EnumerateArray().Sum(g => g.GetProperty("count").GetInt64());
            if (listed != count || grouped != count || groups != Reasons.Length)
            {
                result.Problems.Add(
                    $"{mode}: dlq list counted {listed} messages in {groups} groups ({grouped} grouped), "
                        + $"expected {count} in {Reasons.Length}"
                );
            }
        }

        result.With("dlq list (all, grouped)", Describe(listSeconds, listMb, 5, 200));

        var (showSeconds, showMb, showOutput) = await RunAdminAsync(
            adminDll,
            ["dlq", "show", "--limit", "50", "--json"],
            adminEnvironment,
            workDir,
            "show"
        );
        using (var shown = JsonDocument.Parse(showOutput))
        {
            if (shown.RootElement.GetProperty("messages").GetArrayLength() != 50)
            {
                result.Problems.Add(
                    $"{mode}: dlq show --limit 50 showed {shown.RootElement.GetProperty("messages").GetArrayLength()} messages"
                );
            }
        }

        result.With("dlq show --limit 50 (one page)", Describe(showSeconds, showMb, 1, 200));

        // The last page, as a console paging to the end asks for it: the tool reads up to it and holds only the page. The token names a
        // place, not a message, as a page after a message that left the queue does.
        var lastPage = new DeadLetterPageToken(ErrorQueue, null, count - 50).Encode();
        var (lastSeconds, lastMb, lastOutput) = await RunAdminAsync(
            adminDll,
            ["dlq", "show", "--limit", "50", "--after", lastPage, "--json"],
            adminEnvironment,
            workDir,
            "last page"
        );
        using (var last = JsonDocument.Parse(lastOutput))
        {
            var messages = last.RootElement.GetProperty("messages").GetArrayLength();
            if (messages != 50 || last.RootElement.GetProperty("next").ValueKind != JsonValueKind.Null)
            {
                result.Problems.Add($"{mode}: the last page showed {messages} messages and {last.RootElement.GetProperty("next")} next");
            }
        }

        // It reads the whole queue, as dlq list does: its time is reported, its memory is what must not grow.
        result.With($"dlq show --limit 50 --after (the last page, of {count})", Describe(lastSeconds, lastMb, null, 200));

        var (previewSeconds, previewMb, previewOutput) = await RunAdminAsync(
            adminDll,
            ["dlq", "replay", "--dry-run", "--json"],
            adminEnvironment,
            workDir,
            "dry-run"
        );
        using (var preview = JsonDocument.Parse(previewOutput))
        {
            var outlook = preview.RootElement.GetProperty("outlook");
            var judged = outlook.EnumerateObject().Sum(p => p.Value.GetInt32());
            if (preview.RootElement.GetProperty("matched").GetInt32() != count || judged != count)
            {
                result.Problems.Add(
                    $"{mode}: the dry run matched {preview.RootElement.GetProperty("matched").GetInt32()} and "
                        + $"judged {judged}, expected {count}"
                );
            }

            result.With(
                "dlq replay --dry-run (all, judged against the ledger)",
                $"{Describe(previewSeconds, previewMb, null, 200)}; if replayed now: "
                    + $"{string.Join(", ", outlook.EnumerateObject().Select(p => $"{p.Value.GetInt32()} {p.Name}"))}"
            );
        }

        var (replaySeconds, replayMb, replayOutput) = await RunAdminAsync(
            adminDll,
            ["dlq", "replay", "--reason", "'XYZ'", "--yes", "--json"],
            adminEnvironment,
            workDir,
            "replay"
        );
        using (var replayed = JsonDocument.Parse(replayOutput))
        {
            var moved = replayed.RootElement.GetProperty("matched").GetInt32();
            if (moved != wantedReplays)
            {
                result.Problems.Add($"{mode}: dlq replay moved {moved} messages, expected {wantedReplays}");
            }
        }

        var (inSource, inError) = await CountsAsync(options, wantedReplays, count - wantedReplays);
        if (inSource != wantedReplays || inError != count - wantedReplays)
        {
            result.Problems.Add(
                $"{mode}: after the replay {SourceQueue} holds {inSource} (expected {wantedReplays}) and "
                    + $"{ErrorQueue} {inError} (expected {count - wantedReplays})"
            );
        }

        result.With(
            $"dlq replay --reason 'XYZ' ({wantedReplays} of {count})",
            string.Create(
                CultureInfo.InvariantCulture,
                $"{Describe(replaySeconds, replayMb, null, 200)}, {wantedReplays / replaySeconds:F0} msg/s; "
                    + $"after it {SourceQueue} holds {inSource}, {ErrorQueue} {inError}"
            )
        );

        // The rest, unfiltered: twice as many, to show the memory does not grow with them.
        var rest = count - wantedReplays;
        var (allSeconds, allMb, allOutput) = await RunAdminAsync(
            adminDll,
            ["dlq", "replay", "--yes", "--json"],
            adminEnvironment,
            workDir,
            "replay-all"
        );
        using (var replayed = JsonDocument.Parse(allOutput))
        {
            if (replayed.RootElement.GetProperty("matched").GetInt32() != rest)
            {
                result.Problems.Add(
                    $"{mode}: the second replay moved {replayed.RootElement.GetProperty("matched").GetInt32()} messages, expected {rest}"
                );
            }
        }

        (inSource, inError) = await CountsAsync(options, count, 0);
        if (inSource != count || inError != 0)
        {
            result.Problems.Add(
                $"{mode}: after both replays {SourceQueue} holds {inSource} (expected {count}) and {ErrorQueue} {inError} (expected 0)"
            );
        }

        result.With(
            $"dlq replay (the other {rest})",
            string.Create(
                CultureInfo.InvariantCulture,
                $"{Describe(allSeconds, allMb, null, 200)}, {rest / allSeconds:F0} msg/s; after it "
                    + $"{SourceQueue} holds {inSource}, {ErrorQueue} {inError}"
            )
        );

        await RefuseAgainAsync(options, workerDll, environment, workDir, count, result);
        return result;
    }

    /// <summary>
    /// The replayed orders are all still wrong: the real worker refuses every one again, and what that costs in log is
    /// measured (a refusal is one warning line; the summary counts them by reason every 10 s).
    /// </summary>
    private static async Task RefuseAgainAsync(
        BenchOptions options,
        string workerDll,
        Dictionary<string, string> environment,
        string workDir,
        int count,
        ModeResult result
    )
    {
        Log.Info($"{BenchOptions.DeadLetters}: the worker refuses the {count} replayed orders again");
        var start = Clock.Now;
        using (var worker = ProcessorBench.StartWorker(workerDll, environment, workDir, Path.Combine(workDir, "worker.out")))
        {
            try
            {
                var (inSource, inError) = await CountsAsync(options, 0, count, TimeSpan.FromMinutes(10));
                if (inSource != 0 || inError != count)
                {
                    result.Problems.Add(
                        $"{BenchOptions.DeadLetters}: after the worker ran, {SourceQueue} holds {inSource} "
                            + $"(expected 0) and {ErrorQueue} {inError} (expected {count})"
                    );
                }
            }
            finally
            {
                worker.Kill(entireProcessTree: true);
                await worker.WaitForExitAsync();
            }
        }

        var seconds = Clock.Seconds(start, Clock.Now);
        var (_, _, lines, bytes) = ProcessorBench.ScanWorkerLogs(workDir);
        var refusals = File.ReadLines(Directory.EnumerateFiles(Path.Combine(workDir, "logs")).Single())
            .Count(l =>
                l.Contains(" [WRN] Refused ", StringComparison.Ordinal) && !l.Contains(" message(s) in the last ", StringComparison.Ordinal)
            );
        var megabytes = bytes / 1024.0 / 1024.0;
        result.With(
            $"worker refusing the {count} replayed orders",
            string.Create(
                CultureInfo.InvariantCulture,
                $"{seconds:F1} s, {count / seconds:F0} msg/s; its log {megabytes:F1} MB "
                    + $"({(megabytes < 30 ? "< 30 MB: met" : "≥ 30 MB: NOT met")}), {lines:N0} lines, "
                    + $"{refusals:N0} refusal lines, {bytes / count} bytes per refusal"
            )
        );
    }

    private static string Describe(double seconds, double mb, double? secondsLimit, double mbLimit) =>
        string.Create(
            CultureInfo.InvariantCulture,
            $"{seconds:F2} "
                + $"s{(secondsLimit is { } s ? seconds < s ? $" (< {s} s: met)" : $" (≥ {s} s: NOT met)" : "")}, "
                + $"peak {mb:F0} MB{(mb < mbLimit ? $" (< {mbLimit} MB: met)" : $" (≥ {mbLimit} MB: NOT met)")}"
        );

    /// <summary>Runs the admin tool to its end, timing it and sampling its memory; returns its standard output.</summary>
    private static async Task<(double Seconds, double PeakMb, string Output)> RunAdminAsync(
        string dll,
        string[] args,
        Dictionary<string, string> environment,
        string workDir,
        string name
    )
    {
        var outputFile = Path.Combine(workDir, $"{name}.out");
        Log.Info($"{BenchOptions.DeadLetters}: dotnet Messaging.Admin.dll {string.Join(' ', args)}");
        var start = Clock.Now;
        using var process = ProcessorBench.Start(dll, args, environment, workDir, outputFile);
        double peakKb;
        await using (var memory = new MemorySampler(process.Id, periodMs: 20))
        {
            using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(10));
            await process.WaitForExitAsync(timeout.Token);
            peakKb = memory.HwmKb;
        }

        var seconds = Clock.Seconds(start, Clock.Now);
        var output = await File.ReadAllTextAsync(outputFile);
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException(
                $"dotnet Messaging.Admin.dll {string.Join(' ', args)} exited with {process.ExitCode}: "
                    + $"{output[^Math.Min(output.Length, 2000)..]}"
            );
        }

        // The tool's JSON is its last output; anything before it would be a warning line.
        return (seconds, peakKb / 1024, output[output.IndexOf('{', StringComparison.Ordinal)..]);
    }

    /// <summary>The two queues' counts, once they read as expected or after <paramref name="wait"/> (10 s): a quorum queue applies acks a
    /// moment after they are sent.</summary>
    private static async Task<(uint Source, uint Error)> CountsAsync(
        BenchOptions options,
        long expectedSource,
        long expectedError,
        TimeSpan? wait = null
    )
    {
        await using var connection = await Rabbit.ConnectAsync(options, Vhost, "bench-dead-letter-count");
        var deadline = Clock.Now + Clock.FromSeconds((wait ?? TimeSpan.FromSeconds(10)).TotalSeconds);
        while (true)
        {
            await using var channel = await connection.CreateChannelAsync();
            var source = (await channel.QueueDeclarePassiveAsync(SourceQueue)).MessageCount;
            var error = (await channel.QueueDeclarePassiveAsync(ErrorQueue)).MessageCount;
            if ((source == expectedSource && error == expectedError) || Clock.Now > deadline)
            {
                await connection.CloseAsync();
                return (source, error);
            }

            await Task.Delay(100);
        }
    }

    // The order's currency field, by the dead-letter reason the message is seeded with (see Reasons).
    private static string Currency(int reason) => $"\"currency\":\"{(reason == 1 ? "ABC" : reason == 0 ? "XYZ" : "USD")}\"";
}
