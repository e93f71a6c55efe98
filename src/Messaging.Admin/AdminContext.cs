using System.CommandLine;
using System.Text.Json;
using Messaging.Admin.Settings;
using Messaging.Ledger;
using Messaging.Operations.Broker;
using Microsoft.Extensions.Options;
using Npgsql;

namespace Messaging.Admin;

internal sealed class AdminContext(TextWriter output, TextWriter error)
{
    private AdminSettings? _settings;

    public static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { WriteIndented = true };

    public TextWriter Output { get; } = output;

    public TextWriter Error { get; } = error;

    public Option<bool> JsonOption { get; } =
        new("--json") { Description = "Print machine-readable JSON instead of text.", Recursive = true };

    public Option<string?> ConnectionOption { get; } =
        new("--connection")
        {
            Description =
                "PostgreSQL connection string (default: ConnectionStrings__LedgerOperator or "
                + "ConnectionStrings__Ledger, else the processor's appsettings.json).",
            Recursive = true,
        };

    public Option<string?> RabbitHostOption { get; } =
        new("--rabbit-host")
        {
            Description = "RabbitMQ host (default: RabbitMq__Host, else the processor's appsettings.json).",
            Recursive = true,
        };

    public Option<int?> RabbitPortOption { get; } =
        new("--rabbit-port")
        {
            Description = "RabbitMQ AMQP port (default: RabbitMq__Port, else the processor's appsettings.json).",
            Recursive = true,
        };

    public Option<int?> RabbitManagementPortOption { get; } =
        new("--rabbit-management-port")
        {
            Description = "RabbitMQ management API port (default: RabbitMq__ManagementPort or LEDGER_MQ_MGMT_PORT, else 15672).",
            Recursive = true,
        };

    public Option<string?> RabbitVirtualHostOption { get; } =
        new("--rabbit-vhost")
        {
            Description = "RabbitMQ virtual host (default: RabbitMq__VirtualHost, else the processor's appsettings.json).",
            Recursive = true,
        };

    public Option<string?> RabbitUserOption { get; } =
        new("--rabbit-user")
        {
            Description = "RabbitMQ user (default: RabbitMq__Username, else the processor's appsettings.json).",
            Recursive = true,
        };

    public Option<string?> RabbitPasswordOption { get; } =
        new("--rabbit-password")
        {
            Description = "RabbitMQ password (default: RabbitMq__Password, else the processor's appsettings.json).",
            Recursive = true,
        };

    public Option<string?> OperatorOption { get; } =
        new("--operator")
        {
            Description = "Who is acting, for the operator log (default: LEDGER_OPERATOR, else the OS user).",
            Recursive = true,
        };

    /// <summary>Only Development and Test allow destructive commands.</summary>
    public static string EnvironmentName =>
        Environment.GetEnvironmentVariable("LEDGER_ENVIRONMENT")
        ?? Environment.GetEnvironmentVariable("DOTNET_ENVIRONMENT")
        ?? "Production";

    public string OperatorName(ParseResult result) =>
        result.GetValue(OperatorOption) ?? Environment.GetEnvironmentVariable("LEDGER_OPERATOR") ?? Environment.UserName;

    public AdminSettings Settings => _settings ??= AdminSettings.Load();

    public NpgsqlDataSource DataSource(ParseResult result) =>
        LedgerServiceCollectionExtensions.CreateDataSource(
            result.GetValue(ConnectionOption)
                ?? Settings.LedgerConnectionString
                ?? throw new OptionsValidationException(
                    "ConnectionStrings:Ledger",
                    typeof(string),
                    [
                        "Neither ConnectionStrings:LedgerOperator nor ConnectionStrings:Ledger is set in "
                            + $"{Settings.Source}: pass --connection or set ConnectionStrings__LedgerOperator.",
                    ]
                )
        );

    /// <summary>Only reset needs the schema owner.</summary>
    public NpgsqlDataSource OwnerDataSource(ParseResult result) =>
        LedgerServiceCollectionExtensions.CreateDataSource(
            result.GetValue(ConnectionOption)
                ?? Settings.OwnerConnectionString
                ?? throw new OptionsValidationException(
                    "ConnectionStrings:LedgerOwner",
                    typeof(string),
                    [
                        $"ConnectionStrings:LedgerOwner is not set in {Settings.Source}: emptying history needs the schema owner's login. "
                            + "Pass --connection with it, or set ConnectionStrings__LedgerOwner (`bash eng/servers.sh env` prints it).",
                    ]
                )
        );

    public bool WantsJson(ParseResult result) => result.GetValue(JsonOption);

    public void AddRabbitOptionsTo(Command command)
    {
        command.Options.Add(RabbitHostOption);
        command.Options.Add(RabbitPortOption);
        command.Options.Add(RabbitManagementPortOption);
        command.Options.Add(RabbitVirtualHostOption);
        command.Options.Add(RabbitUserOption);
        command.Options.Add(RabbitPasswordOption);
    }

    public RabbitSettings RabbitSettings(ParseResult result)
    {
        ArgumentNullException.ThrowIfNull(result);
        var rabbit = Settings.RabbitMq;
        return new(
            result.GetValue(RabbitHostOption) ?? rabbit.Host,
            result.GetValue(RabbitPortOption) ?? rabbit.Port,
            result.GetValue(RabbitManagementPortOption) ?? rabbit.ManagementPort,
            result.GetValue(RabbitVirtualHostOption) ?? rabbit.VirtualHost,
            result.GetValue(RabbitUserOption) ?? rabbit.Username,
            result.GetValue(RabbitPasswordOption) ?? rabbit.Password,
            BrokerSettingNames.Cli
        );
    }

    public bool Interactive(ParseResult result) =>
        !WantsJson(result) && ReferenceEquals(Output, Console.Out) && !Console.IsOutputRedirected;

    public async Task WriteJsonAsync<T>(T value) => await Output.WriteLineAsync(JsonSerializer.Serialize(value, Json));
}
