namespace Messaging.Operations.Broker;

// How one front end (the CLI, the API) names each broker setting, so an error message says how to fix it.
public sealed record BrokerSettingNames(string Host, string VirtualHost, string Credentials)
{
    public static BrokerSettingNames Cli { get; } =
        new(
            "--rabbit-host / --rabbit-port (or RabbitMq__Host, RabbitMq__Port; LEDGER_MQ_MGMT_PORT for the management port)",
            "--rabbit-vhost (or RabbitMq__VirtualHost)",
            "--rabbit-user / --rabbit-password (or RabbitMq__Username / RabbitMq__Password)"
        );

    public static BrokerSettingNames Section(string section)
    {
        var variable = section.Replace(":", "__", StringComparison.Ordinal);
        return new(
            $"{section}:Host / Port / ManagementPort (or {variable}__Host, __Port, __ManagementPort)",
            $"{section}:VirtualHost (or {variable}__VirtualHost)",
            $"{section}:Username / Password (or {variable}__Username, __Password)"
        );
    }
}
