using System.ComponentModel.DataAnnotations;
using Messaging.Processing.Earning;
using Messaging.Processing.Hosting;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Options;

namespace Messaging.Admin.Settings;

/// <summary>
/// The processor's settings as this tool reads them: the worker's <c>appsettings.json</c> (copied beside the
/// tool when it is built; <c>--settings FILE</c> names another), overridden by environment variables
/// (<c>Section__Key</c>), bound to the worker's own options classes and checked by the same rules, so a wrong
/// setting fails with the same message that names it (<see cref="OptionsValidationException"/>).
/// </summary>
internal sealed class AdminSettings
{
    public const string FileName = "appsettings.json";

    private readonly IConfiguration _configuration;

    private AdminSettings(IConfiguration configuration, string source)
    {
        _configuration = configuration;
        Source = source;
    }

    /// <summary>Where the settings came from, for messages.</summary>
    public string Source { get; }

    /// <summary><c>ConnectionStrings:Ledger</c>, or null when no file or variable sets it.</summary>
    public string? LedgerConnectionString => _configuration.GetConnectionString("Ledger");

    public RabbitMqOptions RabbitMq => Validated<RabbitMqOptions>(RabbitMqOptions.Section);

    public EndpointOptions Endpoints => Validated<EndpointOptions>(EndpointOptions.Section);

    public EarningOptions Earning
    {
        get
        {
            var earning = Validated(EarningOptions.Section, new EarningOptionsValidator());

            // The binder may replace the dictionary; the processor's lookups ignore case.
            earning.PointsPerUnit = new Dictionary<string, decimal>(earning.PointsPerUnit, StringComparer.OrdinalIgnoreCase);
            return earning;
        }
    }

    /// <summary>The settings file <paramref name="settingsFile"/> names, else the one beside this tool, then environment variables.</summary>
    public static AdminSettings Load(string? settingsFile = null)
    {
        var path = settingsFile is null ? Path.Combine(AppContext.BaseDirectory, FileName) : Path.GetFullPath(settingsFile);
        if (settingsFile is not null && !File.Exists(path))
        {
            throw new OptionsValidationException("--settings", typeof(string), [$"--settings '{settingsFile}' does not exist; pass the processor's appsettings.json."]);
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
            var source = File.Exists(path) ? $"{path} + environment variables" : "environment variables only (no appsettings.json beside this tool)";
            return new AdminSettings(builder.Build(), source);
        }
        catch (Exception ex) when (ex is InvalidDataException or FormatException or IOException)
        {
            throw new OptionsValidationException(path, typeof(string), [$"Cannot read the settings in '{path}' ({ex.Message})."]);
        }
    }

    private T Validated<T>(string section, IValidateOptions<T>? rules = null)
        where T : class, new()
    {
        var options = new T();
        var failures = new List<string>();
        try
        {
            _configuration.GetSection(section).Bind(options);
        }
        catch (InvalidOperationException ex)
        {
            failures.Add($"{section} settings are malformed in {Source} ({ex.Message}).");
        }

        var results = new List<ValidationResult>();
        if (!Validator.TryValidateObject(options, new ValidationContext(options), results, validateAllProperties: true))
        {
            failures.AddRange(results.Select(r => r.ErrorMessage ?? $"{section} is invalid."));
        }

        if (rules?.Validate(null, options) is { Failed: true } ruled)
        {
            failures.AddRange(ruled.Failures ?? []);
        }

        return failures.Count == 0 ? options : throw new OptionsValidationException(section, typeof(T), failures);
    }
}
