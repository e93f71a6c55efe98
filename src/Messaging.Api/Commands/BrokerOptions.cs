using RabbitMQ.Client;

namespace Messaging.Api.Commands;

// Api:Broker. The processor mints only for a user on its Tenants:Administrators (RabbitMQ vouches for the user_id), so this is an
// admin's user (ledger_admin in eng/rabbitmq/users.tsv); which API caller asked is in the command's requestedBy and the operator log.
public sealed class BrokerOptions
{
    public const string Section = "Api:Broker";

    public string Host { get; set; } = "127.0.0.1";

    public int Port { get; set; } = 5672;

    public string VirtualHost { get; set; } = "ledger";

    public string Username { get; set; } = "ledger_admin";

    public string Password { get; set; } = "";

    /// <summary>No automatic recovery: each owner makes a new connection when its own closed.</summary>
    public ConnectionFactory ConnectionFactory(string clientName) =>
        new()
        {
            HostName = Host,
            Port = Port,
            VirtualHost = VirtualHost,
            UserName = Username,
            Password = Password,
            ClientProvidedName = clientName,
            AutomaticRecoveryEnabled = false,
            RequestedHeartbeat = TimeSpan.FromSeconds(10),
            RequestedConnectionTimeout = TimeSpan.FromSeconds(5),
        };
}
