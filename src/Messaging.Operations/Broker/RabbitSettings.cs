namespace Messaging.Operations.Broker;

// Fix names where an operator changes these settings (the CLI's options, or the API's settings section), so every error says how to
// fix it.
public sealed record RabbitSettings(
    string Host,
    int AmqpPort,
    int ManagementPort,
    string VirtualHost,
    string User,
    string Password,
    BrokerSettingNames Fix
);
