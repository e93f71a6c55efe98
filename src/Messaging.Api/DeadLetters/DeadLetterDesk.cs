using System.Text.Json;
using Messaging.Api.Commands;
using Messaging.Ledger.Earning;
using Messaging.Ledger.Operations;
using Messaging.Operations.Broker;
using Messaging.Operations.DeadLetters;
using Messaging.Operations.Hosting;
using Microsoft.Extensions.Options;
using Npgsql;

namespace Messaging.Api.DeadLetters;

// What the dead-letter endpoints need besides DeadLetterOperations: a broker connection as the dead-letter user, the processor's
// Earning settings for the ledger-aware dry run, and the operator log.
public sealed class DeadLetterDesk(
    IOptions<DeadLetterOptions> options,
    NpgsqlDataSource reader,
    OperatorDatabase database,
    IHostEnvironment environment,
    TimeProvider clock
)
{
    private readonly Lazy<ReplayPreview> _preview = new(LoadPreview);

    public NpgsqlDataSource Reader => reader;

    public ReplayPreview Preview => _preview.Value;

    /// <summary>False when the operator's login is not configured.</summary>
    public bool CanRecord => database.DataSource is not null;

    private const string ArchivePattern = "purge-*.jsonl";

    private string ArchiveDirectory => Path.GetFullPath(options.Value.ArchiveDirectory, environment.ContentRootPath);

    /// <summary>A new file per purge, in the configured directory (created when missing).</summary>
    public string NewArchivePath()
    {
        Directory.CreateDirectory(ArchiveDirectory);
        return Path.Combine(ArchiveDirectory, $"purge-{clock.GetUtcNow():yyyyMMdd'T'HHmmss'Z'}-{Guid.NewGuid():N}.jsonl");
    }

    /// <summary>The purge archives kept in the configured directory, newest first.</summary>
    public IReadOnlyList<PurgeArchive> Archives() =>
        Directory.Exists(ArchiveDirectory)
            ?
            [
                .. new DirectoryInfo(ArchiveDirectory)
                    .EnumerateFiles(ArchivePattern)
                    .OrderByDescending(f => f.LastWriteTimeUtc)
                    .ThenByDescending(f => f.Name, StringComparer.Ordinal)
                    .Select(f => new PurgeArchive(f.Name, f.LastWriteTimeUtc, f.Length)),
            ]
            : [];

    /// <summary>
    /// The path of the archive named, or null when the name is not one of <see cref="Archives"/>: only a file name, never a path, so
    /// a caller cannot have the API read a file outside the archive directory.
    /// </summary>
    public string? ArchivePath(string name) =>
        Archives().FirstOrDefault(a => string.Equals(a.Name, name, StringComparison.Ordinal)) is { } archive
            ? Path.Combine(ArchiveDirectory, archive.Name)
            : null;

    public async Task<DeadLetterBroker> ConnectAsync(CancellationToken cancellationToken)
    {
        var settings = options.Value;
        return await DeadLetterBroker.ConnectAsync(
            new RabbitSettings(
                settings.Host,
                settings.Port,
                settings.ManagementPort,
                settings.VirtualHost,
                settings.Username,
                settings.Password,
                BrokerSettingNames.Section(DeadLetterOptions.Section)
            ),
            "ledger-api dead letters",
            cancellationToken
        );
    }

    public DeadLetterOperations Operations(DeadLetterBroker broker) => new(broker, clock);

    public DeadLetterConflicts Conflicts(DeadLetterOperations operations) => new(operations, Preview, clock);

    /// <summary>The operator's login, which writes a resolution; null when not configured.</summary>
    public NpgsqlDataSource? Ledger => database.DataSource;

    public async Task RecordAsync(string caller, string action, object parameters, string outcome, CancellationToken cancellationToken)
    {
        await using var connection = await database.DataSource!.OpenConnectionAsync(cancellationToken);
        await OperatorActionLog.RecordAsync(
            connection,
            caller,
            action,
            JsonSerializer.Serialize(parameters, JsonSerializerOptions.Web),
            outcome,
            cancellationToken
        );
    }

    // Checked by the processor's own validation, so the dry run judges orders as the worker would.
    private static ReplayPreview LoadPreview()
    {
        var path = Path.Combine(AppContext.BaseDirectory, "appsettings.json");
        var configuration = new ConfigurationBuilder().AddJsonFile(path, optional: true).AddEnvironmentVariables().Build();
        using var services = new ServiceCollection().AddLedgerSettings(configuration).BuildServiceProvider();
        var earning = services.GetRequiredService<IOptions<EarningOptions>>().Value;
        return ReplayPreview.For(earning, File.Exists(path) ? $"{path} + environment variables" : "environment variables only");
    }
}
