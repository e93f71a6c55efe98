using System.Reflection;
using System.Runtime.InteropServices;
using Messaging.Benchmarks.Infrastructure;

namespace Messaging.Benchmarks;

/// <summary>What the numbers were measured on.</summary>
internal static class Machine
{
    public static async Task<List<(string Name, string Value)>> DescribeAsync(RabbitAdmin rabbit, PgAdmin pg, string repoRoot)
    {
        var facts = new List<(string, string)>
        {
            ("commit", await GitDescribeAsync(repoRoot)),
            ("cpu", $"{Environment.ProcessorCount} x {CpuModel()}"),
            ("memory", MemoryTotal()),
            ("os", $"{OsName()}, kernel {Environment.OSVersion.Version}"),
            (".NET", RuntimeInformation.FrameworkDescription),
            ("broker", await rabbit.VersionAsync()),
            ("database", await pg.VersionAsync()),
            (
                "client libraries",
                string.Join(
                    ", ",
                    Version("MassTransit", typeof(MassTransit.IBus)),
                    Version("RabbitMQ.Client", typeof(RabbitMQ.Client.IChannel)),
                    Version("Npgsql", typeof(Npgsql.NpgsqlConnection)),
                    Version("EF Core", typeof(Microsoft.EntityFrameworkCore.DbContext))
                )
            ),
        };
        return facts;
    }

    private static async Task<string> GitDescribeAsync(string repoRoot)
    {
        try
        {
            var info = new System.Diagnostics.ProcessStartInfo("git", ["-C", repoRoot, "describe", "--always", "--dirty", "--abbrev=12"])
            {
                RedirectStandardOutput = true,
                RedirectStandardError = true,
            };
            using var git = System.Diagnostics.Process.Start(info)!;
            var text = (await git.StandardOutput.ReadToEndAsync()).Trim();
            await git.WaitForExitAsync();
            return git.ExitCode == 0 ? text : "unknown";
        }
        catch (System.ComponentModel.Win32Exception)
        {
            return "unknown (no git)";
        }
    }

    private static string Version(string name, Type type)
    {
        var version = type.Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion ?? "?";
        var plus = version.IndexOf('+', StringComparison.Ordinal);
        return $"{name} {(plus > 0 ? version[..plus] : version)}";
    }

    private static string CpuModel() =>
        ReadLines("/proc/cpuinfo").FirstOrDefault(l => l.StartsWith("model name", StringComparison.Ordinal))?.Split(':', 2)[1].Trim()
        ?? "unknown cpu";

    private static string MemoryTotal()
    {
        var line = ReadLines("/proc/meminfo").FirstOrDefault(l => l.StartsWith("MemTotal:", StringComparison.Ordinal));
        if (line is null)
        {
            return "unknown";
        }

        var kilobytes = long.Parse(
            line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1],
            System.Globalization.CultureInfo.InvariantCulture
        );
        return $"{kilobytes / 1024 / 1024.0:F1} GiB";
    }

    private static string OsName() =>
        ReadLines("/etc/os-release").FirstOrDefault(l => l.StartsWith("PRETTY_NAME=", StringComparison.Ordinal))?.Split('=', 2)[1].Trim('"')
        ?? RuntimeInformation.OSDescription;

    private static IEnumerable<string> ReadLines(string path) => File.Exists(path) ? File.ReadLines(path) : [];
}
