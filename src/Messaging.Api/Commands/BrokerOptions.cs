using RabbitMQ.Client;

namespace Messaging.Api.Commands;

/// <summary>
/// Settings under <c>Api:Broker</c>: the RabbitMQ user the API publishes operators' commands as. The processor mints only
/// for a user on its <c>Tenants:Administrators</c> (RabbitMQ vouches for the <c>user_id</c>), so this is an admin's user
/// (<c>ledger_admin</c> in eng/rabbitmq/users.tsv); which API caller asked is in the command's <c>requestedBy</c> and the
/// operator log.
/// </summary>
public sealed class BrokerOptions
{
    public const string Section = "Api:Broker";

    public string Host { get; set; } = "127.0.0.1";

    public int Port { get; set; } = 5672;

    public string VirtualHost { get; set; } = "ledger";

    public string Username { get; set; } = "ledger_admin";

    public string Password { get; set; } = "";

    /// <summary>A connection factory for this user; no automatic recovery: each owner makes a new connection when its own closed.</summary>
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
