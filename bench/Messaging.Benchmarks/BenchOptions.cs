using System.Globalization;
using System.Net;

namespace Messaging.Benchmarks;

/// <summary>Command line of the benchmark (see <see cref="Usage"/>).</summary>
internal sealed class BenchOptions
{
    public const string RawRabbitMq = "raw-rabbitmq";
    public const string RawPostgres = "raw-postgres";
    public const string Naive = "naive";
    public const string Processor = "processor";
    public const string Redemptions = "redemptions";
    public const string Recognitions = "recognitions";
    public const string RecognitionsHot = "recognitions-hot";
    public const string Deductions = "deductions";
    public const string Attendance = "attendance";
    public const string DeadLetters = "dead-letters";
    public const string BalanceAt = "balance-at";

    /// <summary>The modes a plain run measures; dead-letters (the admin tool on 100,000 parked messages) runs only when named.</summary>
    public static readonly IReadOnlyList<string> AllModes =
    [
        RawRabbitMq,
        RawPostgres,
        Naive,
        Processor,
        Redemptions,
        Recognitions,
        RecognitionsHot,
        Deductions,
        Attendance,
    ];

    public static readonly IReadOnlyList<string> KnownModes = [.. AllModes, DeadLetters, BalanceAt];

    public const string Usage = """
        usage: bash eng/bench.sh [options]

          --count N             messages per mode (default 100000; redemptions per run of the redemptions mode, default 2000;
                                recognitions or deductions per run of those modes, default 20000)
          --users U             distinct user ids the orders are spread over (default 10000; redemptions mode: 200;
                                attendance mode: one per 50 attendances, at least 1000)
          --only MODE[,MODE]    run only these modes: raw-rabbitmq, raw-postgres, naive, processor, redemptions,
                                recognitions (spread over 100 tenants' pools), recognitions-hot (all from one pool),
                                deductions (token quotas, with a paced run for latency), attendance (streaks and badges);
                                and, only when named, dead-letters (the admin tool's dlq list, show and replay on --count
                                parked orders) and balance-at (balance --at on a wallet of --count postings, default 100000)
          --naive-count N       messages for the naive consumer (default min(count, 20000))
          --warmup N            messages sent (and waited for) before each measured run (default 2000)
          --per-week K          attendances per attended week of each user in the attendance mode (default 1: every
                                attendance opens a week, the most streak work per message)
          --paced-seconds S     length of the processor's paced run at half its peak rate (default 20; 0 skips it)
          --pg-writers W        parallel COPY connections of the raw-postgres ceiling (default 2)
          --pg-batch B          messages per COPY transaction of the raw-postgres ceiling (default 5000)
          --window W            publisher confirms outstanding at once (default 2000)
          --worker-env K=V      extra environment for the processor (repeatable), e.g. Commit__Writers=4
          --attempts A          runs of a mode when one is disturbed by other load or a server restart (default 3)
          --keep                keep the bench databases and vhosts (default: dropped at the end)
          --out DIR             where results go (default <repo>/.artifacts/bench)
          --repo-root DIR       repository root (default: found from the current directory)
        """;

    public int Count { get; private set; } = 100_000;
    public int Users { get; private set; } = 10_000;
    public int? NaiveCountOverride { get; private set; }
    public bool CountGiven { get; private set; }
    public bool UsersGiven { get; private set; }
    public int Warmup { get; private set; } = 2000;
    public int AttendancesPerWeek { get; private set; } = 1;
    public double PacedSeconds { get; private set; } = 20;
    public int PgWriters { get; private set; } = 2;
    public int PgBatch { get; private set; } = 5000;
    public int Window { get; private set; } = 2000;
    public bool Keep { get; private set; }
    public int Attempts { get; private set; } = 3;
    public IReadOnlyList<string> Modes { get; private set; } = AllModes;
    public List<KeyValuePair<string, string>> WorkerEnv { get; } = [];
    public string RepoRoot { get; private set; } = "";
    public string OutDir { get; private set; } = "";

    public int NaiveCount => NaiveCountOverride ?? Math.Min(Count, 20_000);

    /// <summary>Redemptions of the redemptions mode: --count when given, else 2000 (each is 2 messages, in a group commit).</summary>
    public int RedemptionCount => CountGiven ? Count : 2000;

    /// <summary>Recognitions of each recognitions mode: --count when given, else 20000.</summary>
    public int RecognitionCount => CountGiven ? Count : 20_000;

    /// <summary>Deductions of the deductions mode's peak run: --count when given, else 20000.</summary>
    public int DeductionCount => CountGiven ? Count : 20_000;

    /// <summary>Attendances of the attendance mode: --count (default 100000, as for earning: a 20,000 run is mostly warm-up of the
    /// JIT).</summary>
    public int AttendanceCount => Count;

    /// <summary>Users the attendances are spread over: --users when given, else one per 50 attendances (a year of weeks each), at least
    /// 1000.</summary>
    public int AttendanceUsers => UsersGiven ? Users : Math.Max(1000, AttendanceCount / 50);

    /// <summary>Users the redemptions are spread over: --users when given, else 200.</summary>
    public int RedemptionUsers => UsersGiven ? Users : 200;

    // Servers: the same LEDGER_* variables as eng/servers.sh; loopback only.
    public string Host { get; } = Env("LEDGER_MQ_HOST", "127.0.0.1");
    public int AmqpPort { get; } = int.Parse(Env("LEDGER_MQ_PORT", "5672"), CultureInfo.InvariantCulture);
    public int ManagementPort { get; } = int.Parse(Env("LEDGER_MQ_MGMT_PORT", "15672"), CultureInfo.InvariantCulture);
    public string MqUser { get; } = Env("LEDGER_MQ_USER", "ledger");
    public string MqPassword { get; } = Env("LEDGER_MQ_PASSWORD", "ledger");
    public string PgHost { get; } = Env("LEDGER_PG_HOST", "127.0.0.1");
    public int PgPort { get; } = int.Parse(Env("LEDGER_PG_PORT", "5432"), CultureInfo.InvariantCulture);
    public string PgUser { get; } = Env("LEDGER_PG_USER", "ledger");
    public string PgPassword { get; } = Env("LEDGER_PG_PASSWORD", "ledger");

    /// <summary>The processor's own login (a member of ledger_runtime, as eng/servers.sh provisions it): the worker runs as it, as in
    /// production.</summary>
    public string PgProcessorUser { get; } = Env("LEDGER_PG_PROCESSOR_USER", "ledger_processor");

    public string PgProcessorPassword { get; } = Env("LEDGER_PG_PROCESSOR_PASSWORD", "ledger");
    public string PgAdminDatabase { get; } = Env("LEDGER_PG_DB", "ledger");

    public bool Runs(string mode) => Modes.Contains(mode);

    public string PgConnectionString(string database, int maxPool = 50) =>
        $"Host={PgHost};Port={PgPort};Database={database};Username={PgUser};Password={PgPassword};"
        + $"Maximum Pool Size={maxPool};No Reset On Close=true";

    public static BenchOptions Parse(string[] args)
    {
        var o = new BenchOptions();
        for (var i = 0; i < args.Length; i++)
        {
            var arg = args[i];
            string Value() => i + 1 < args.Length ? args[++i] : throw new ArgumentException($"{arg} needs a value");
            int IntValue(int min) =>
                int.TryParse(Value(), NumberStyles.Integer, CultureInfo.InvariantCulture, out var v) && v >= min
                    ? v
                    : throw new ArgumentException($"{arg} needs a whole number >= {min}");
            switch (arg)
            {
                case "--count":
                    o.Count = IntValue(1);
                    o.CountGiven = true;
                    break;
                case "--users":
                    o.Users = IntValue(1);
                    o.UsersGiven = true;
                    break;
                case "--naive-count":
                    o.NaiveCountOverride = IntValue(1);
                    break;
                case "--warmup":
                    o.Warmup = IntValue(0);
                    break;
                case "--per-week":
                    o.AttendancesPerWeek = IntValue(1);
                    break;
                case "--paced-seconds":
                    o.PacedSeconds =
                        double.TryParse(Value(), NumberStyles.Float, CultureInfo.InvariantCulture, out var s) && s >= 0
                            ? s
                            : throw new ArgumentException("--paced-seconds needs a number >= 0");
                    break;
                case "--pg-writers":
                    o.PgWriters = IntValue(1);
                    break;
                case "--pg-batch":
                    o.PgBatch = IntValue(1);
                    break;
                case "--window":
                    o.Window = IntValue(1);
                    break;
                case "--keep":
                    o.Keep = true;
                    break;
                case "--attempts":
                    o.Attempts = IntValue(1);
                    break;
                case "--out":
                    o.OutDir = Path.GetFullPath(Value());
                    break;
                case "--repo-root":
                    o.RepoRoot = Path.GetFullPath(Value());
                    break;
                case "--only":
                    var modes = Value().Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
                    var unknown = modes.Except(KnownModes).ToList();
                    if (unknown.Count > 0 || modes.Length == 0)
                    {
                        throw new ArgumentException(
                            $"--only: unknown mode(s) {string.Join(", ", unknown)}; use {string.Join(", ", KnownModes)}"
                        );
                    }

                    o.Modes = KnownModes.Where(modes.Contains).ToList();
                    break;
                case "--worker-env":
                    var pair = Value();
                    var eq = pair.IndexOf('=', StringComparison.Ordinal);
                    if (eq <= 0)
                    {
                        throw new ArgumentException("--worker-env needs KEY=VALUE");
                    }

                    o.WorkerEnv.Add(new(pair[..eq], pair[(eq + 1)..]));
                    break;
                case "-h" or "--help":
                    throw new ArgumentException("help");
                default:
                    throw new ArgumentException($"unknown option {arg}");
            }
        }

        if (o.RepoRoot.Length == 0)
        {
            o.RepoRoot = FindRepoRoot();
        }

        if (o.OutDir.Length == 0)
        {
            o.OutDir = Path.Combine(o.RepoRoot, ".artifacts", "bench");
        }

        foreach (var host in new[] { o.Host, o.PgHost })
        {
            if (!IsLoopback(host))
            {
                throw new ArgumentException($"only loopback servers may be benchmarked; {host} is not a loopback address");
            }
        }

        return o;
    }

    private static bool IsLoopback(string host) =>
        host is "localhost" || (IPAddress.TryParse(host, out var ip) && IPAddress.IsLoopback(ip));

    private static string FindRepoRoot()
    {
        for (var dir = new DirectoryInfo(Directory.GetCurrentDirectory()); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Messaging.sln")))
            {
                return dir.FullName;
            }
        }

        throw new ArgumentException("cannot find Messaging.sln above the current directory; pass --repo-root");
    }

    private static string Env(string name, string fallback) =>
        Environment.GetEnvironmentVariable(name) is { Length: > 0 } value ? value : fallback;
}
