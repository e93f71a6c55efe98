using Messaging.Ledger.Earning;
using Messaging.Operations.Broker;
using Messaging.Operations.Hosting;
using Messaging.Operations.Queues;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Messaging.Admin.Settings;

// The processor's settings as the worker binds and checks them (AddProcessorOptions), so a wrong setting fails with the same message
// that names it: the worker's appsettings.json, copied beside the tool when it is built (--settings FILE names another), then
// environment variables.
internal sealed class AdminSettings
{
    public const string FileName = "appsettings.json";

    private readonly IConfiguration _configuration;
    private readonly ServiceProvider _options;

    private AdminSettings(IConfiguration configuration, string source)
    {
        _configuration = configuration;
        _options = new ServiceCollection().AddLedgerSettings(configuration).BuildServiceProvider();
        Source = source;
    }

    /// <summary>Where the settings came from, for messages.</summary>
    public string Source { get; }

    /// <summary>
    /// ConnectionStrings:LedgerOperator (a member of ledger_operator, which may repair and restore), else ConnectionStrings:Ledger;
    /// null when neither is set.
    /// </summary>
    public string? LedgerConnectionString =>
        _configuration.GetConnectionString("LedgerOperator") ?? _configuration.GetConnectionString("Ledger");

    /// <summary>The schema owner's login, the only one that may empty history (reset).</summary>
    public string? OwnerConnectionString => _configuration.GetConnectionString("LedgerOwner");

    public RabbitMqOptions RabbitMq => Validated<RabbitMqOptions>();

    public EndpointOptions Endpoints => Validated<EndpointOptions>();

    public EarningOptions Earning => Validated<EarningOptions>();

    public Ledger.Quotas.QuotaOptions Quotas => Validated<Ledger.Quotas.QuotaOptions>();

    public Ledger.Attendance.AttendanceOptions Attendance => Validated<Ledger.Attendance.AttendanceOptions>();

    public Ledger.Adjustments.AdjustmentOptions Adjustments => Validated<Ledger.Adjustments.AdjustmentOptions>();

    public static AdminSettings Load(string? settingsFile = null)
    {
        var path = settingsFile is null ? Path.Combine(AppContext.BaseDirectory, FileName) : Path.GetFullPath(settingsFile);
        if (settingsFile is not null && !File.Exists(path))
        {
            throw new OptionsValidationException(
                "--settings",
                typeof(string),
                [$"--settings '{settingsFile}' does not exist; pass the processor's appsettings.json."]
            );
        }

        var builder = new ConfigurationBuilder();
        if (File.Exists(path))
        {
            builder.AddJsonFile(path, optional: false, reloadOnChange: false);
        }

        // The servers script's name for the management port, read like a setting (and validated like one).
        if (Environment.GetEnvironmentVariable("LEDGER_MQ_MGMT_PORT") is { Length: > 0 } managementPort)
        {
            builder.AddInMemoryCollection([new($"{RabbitMqOptions.Section}:{nameof(RabbitMqOptions.ManagementPort)}", managementPort)]);
        }

        builder.AddEnvironmentVariables();
        try
        {
            var source = File.Exists(path)
                ? $"{path} + environment variables"
                : "environment variables only (no appsettings.json beside this tool)";
            return new AdminSettings(builder.Build(), source);
        }
        catch (Exception ex) when (ex is InvalidDataException or FormatException or IOException)
        {
            throw new OptionsValidationException(path, typeof(string), [$"Cannot read the settings in '{path}' ({ex.Message})."]);
        }
    }

    private T Validated<T>()
        where T : class => _options.GetRequiredService<IOptions<T>>().Value;
}
