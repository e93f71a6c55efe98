namespace Messaging.Operations.Broker;

/// <summary>
/// Where the broker is and who to be there: its AMQP and management ports, virtual host and user. <c>Fix</c> names
/// where an operator changes these settings (the CLI's options, or the API's settings section), so that every error
/// says how to fix it.
/// </summary>
public sealed record RabbitSettings(
    string Host,
    int AmqpPort,
    int ManagementPort,
    string VirtualHost,
    string User,
    string Password,
    BrokerSettingNames Fix
);
