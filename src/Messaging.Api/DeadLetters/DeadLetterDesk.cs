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

    /// <summary>A new file per purge, in the configured directory (created when missing).</summary>
    public string NewArchivePath()
    {
        var directory = Path.GetFullPath(options.Value.ArchiveDirectory, environment.ContentRootPath);
        Directory.CreateDirectory(directory);
        return Path.Combine(directory, $"purge-{clock.GetUtcNow():yyyyMMdd'T'HHmmss'Z'}-{Guid.NewGuid():N}.jsonl");
    }

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
