using System.Globalization;
using System.Text;

namespace Messaging.Benchmarks;

/// <summary>The results table (console and <c>results.md</c>), ratios and the targets from the issue.</summary>
internal static class Report
{
    public static string Markdown(
        BenchOptions options,
        IReadOnlyList<(string Name, string Value)> machine,
        IReadOnlyList<ModeResult> results,
        IReadOnlyList<string> failures,
        string command
    )
    {
        var md = new StringBuilder();
        var inv = CultureInfo.InvariantCulture;
        md.AppendLine("# Benchmark results").AppendLine();
        md.AppendLine(inv, $"Command: `{command}`  ")
            .AppendLine(inv, $"Finished: {DateTimeOffset.UtcNow:yyyy-MM-dd HH:mm:ss} UTC")
            .AppendLine();
        md.Append(inv, $"Workload: {options.Count:N0} messages per mode (naive: {options.NaiveCount:N0}), users ")
            .Append(inv, $"spread over {options.Users:N0} ids, amounts 10.00-200.00 USD, {options.Warmup:N0} warm-up ")
            .AppendLine("messages before each measured run (not counted).")
            .AppendLine();
        foreach (var (name, value) in machine)
        {
            md.AppendLine(inv, $"- {name}: {value}");
        }

        md.AppendLine().AppendLine("| mode | messages | seconds | msg/s |").AppendLine("|---|---:|---:|---:|");
        foreach (var r in results)
        {
            md.AppendLine(inv, $"| {r.Mode} | {r.Messages:N0} | {r.Seconds:F2} | {r.MessagesPerSecond:N0} |");
        }

        var processor = Find(results, BenchOptions.Processor);
        var rabbit = Find(results, BenchOptions.RawRabbitMq);
        var postgres = Find(results, BenchOptions.RawPostgres);
        var naive = Find(results, BenchOptions.Naive);
        if (processor is not null)
        {
            md.AppendLine().AppendLine("| ratio | value |").AppendLine("|---|---:|");
            foreach (
                var (name, other) in new[]
                {
                    ("processor / raw-rabbitmq", rabbit),
                    ("processor / raw-postgres", postgres),
                    ("processor / naive", naive),
                }
            )
            {
                if (other is not null)
                {
                    md.AppendLine(inv, $"| {name} | {processor.MessagesPerSecond / other.MessagesPerSecond:F2} |");
                }
            }

            md.AppendLine().AppendLine("| target (from the issue) | measured | met |").AppendLine("|---|---|---|");
            if (rabbit is not null && postgres is not null)
            {
                var lower = Math.Min(rabbit.MessagesPerSecond, postgres.MessagesPerSecond);
                var ratio = processor.MessagesPerSecond / lower;
                var ceiling = rabbit.MessagesPerSecond <= postgres.MessagesPerSecond ? "raw-rabbitmq" : "raw-postgres";
                md.AppendLine(
                    inv,
                    $"| processor >= 50 % of the lower ceiling ({ceiling}, {lower:N0} msg/s) | {ratio * 100:F0} % | {YesNo(ratio >= 0.5)} |"
                );
            }

            if (naive is not null)
            {
                var ratio = processor.MessagesPerSecond / naive.MessagesPerSecond;
                md.AppendLine(inv, $"| processor >= 4x the naive consumer | {ratio:F1}x | {YesNo(ratio >= 4)} |");
            }

            if (processor.PacedLatency is { } latency)
            {
                md.Append(inv, $"| p99 < 100 ms at half peak ({processor.PacedRate:F0} msg/s) | p50 {latency.P50:F1} ms, ")
                    .AppendLine(inv, $"p99 {latency.P99:F1} ms | {YesNo(latency.P99 < 100)} |");
            }

            if (processor.PeakMemoryMb is { } peak)
            {
                var rss = string.Join(" / ", processor.RssAtProgressMb.Select(m => m.ToString("F0", inv)));
                md.Append(inv, $"| worker peak memory < 400 MB (N = {processor.Messages:N0}) | ")
                    .AppendLine(inv, $"VmHWM {peak:F0} MB; RSS at 25/50/75/100 %: {rss} MB | {YesNo(peak < 400)} |");
            }
        }

        var recognitions = Find(results, BenchOptions.Recognitions);
        var hot = Find(results, BenchOptions.RecognitionsHot);
        if (recognitions is not null || hot is not null)
        {
            md.AppendLine().AppendLine("| recognitions target (issue 9) | measured | met |").AppendLine("|---|---|---|");
            if (processor is not null && recognitions is not null)
            {
                var ratio = recognitions.MessagesPerSecond / processor.MessagesPerSecond;
                md.Append(inv, $"| recognitions >= 50 % of the earning rate (processor, {processor.MessagesPerSecond:N0} ")
                    .Append(inv, $"msg/s) | {recognitions.MessagesPerSecond:N0}/s = {ratio * 100:F0} % | ")
                    .AppendLine(inv, $"{YesNo(ratio >= 0.5)} |");
            }

            if (recognitions is not null && hot is not null)
            {
                var slower = recognitions.MessagesPerSecond / hot.MessagesPerSecond;
                md.Append("| one tenant's pool within 2x of the spread case (spread / one pool <= 2) | ")
                    .Append(inv, $"{hot.MessagesPerSecond:N0}/s one pool, {recognitions.MessagesPerSecond:N0}/s spread: ")
                    .AppendLine(inv, $"{slower:F2} | {YesNo(slower <= 2)} |");
            }
        }

        if (Find(results, BenchOptions.Deductions) is { } deductions)
        {
            md.AppendLine().AppendLine("| deductions target (issue 11) | measured | met |").AppendLine("|---|---|---|");
            if (deductions.PacedLatency is { } latency)
            {
                md.Append(inv, $"| p99 < 50 ms at half peak ({deductions.PacedRate:F0}/s), request -> answer | p50 ")
                    .AppendLine(inv, $"{latency.P50:F1} ms, p99 {latency.P99:F1} ms | {YesNo(latency.P99 < 50)} |");
            }

            if (processor is not null)
            {
                md.Append(inv, $"| peak rate against the earning rate ({processor.MessagesPerSecond:N0} msg/s) | ")
                    .Append(inv, $"{deductions.MessagesPerSecond:N0}/s = ")
                    .AppendLine(inv, $"{deductions.MessagesPerSecond / processor.MessagesPerSecond * 100:F0} % | (reported) |");
            }
        }

        if (Find(results, BenchOptions.Attendance) is { } attendance && processor is not null)
        {
            var ratio = attendance.MessagesPerSecond / processor.MessagesPerSecond;
            md.AppendLine().AppendLine("| attendance target (issue 10) | measured | met |").AppendLine("|---|---|---|");
            md.Append(inv, $"| attendance >= 50 % of the earning rate (processor, {processor.MessagesPerSecond:N0} ")
                .Append(inv, $"msg/s), streaks and badges included | {attendance.MessagesPerSecond:N0}/s = ")
                .AppendLine(inv, $"{ratio * 100:F0} % | {YesNo(ratio >= 0.5)} |");
        }

        foreach (var r in results)
        {
            md.AppendLine().AppendLine(inv, $"## {r.Mode}").AppendLine();
            foreach (var (name, value) in r.Details)
            {
                md.AppendLine(inv, $"- {name}: {value}");
            }
        }

        var problems = results.SelectMany(r => r.Problems).Concat(failures).ToList();
        md.AppendLine().AppendLine("## Problems").AppendLine();
        md.AppendLine(problems.Count == 0 ? "None." : string.Join(Environment.NewLine, problems.Select(p => "- " + p)));
        return md.ToString();
    }

    private static ModeResult? Find(IReadOnlyList<ModeResult> results, string mode) => results.FirstOrDefault(r => r.Mode == mode);

    private static string YesNo(bool met) => met ? "yes" : "**no**";
}
