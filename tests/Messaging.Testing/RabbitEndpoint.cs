using RabbitMQ.Client;

namespace Messaging.Testing;

/// <summary>Where a RabbitMQ broker answers: AMQP and management ports on a loopback host, and its user.</summary>
public sealed record RabbitEndpoint(string Host, int AmqpPort, int ManagementPort, string User, string Password)
{
    /// <summary>The machine's own broker (eng/servers.sh), as the RabbitMq__* settings say.</summary>
    public static RabbitEndpoint FromSettings() =>
        new(
            TestSettings.RabbitHost,
            TestSettings.RabbitPort,
            TestSettings.RabbitManagementPort,
            TestSettings.RabbitUser,
            TestSettings.RabbitPassword
        );

    /// <summary>A client connection to a virtual host of this broker, named for the broker's connection list (test-*).</summary>
    public ConnectionFactory ConnectionFactory(string virtualHost, string clientName) =>
        new()
        {
            HostName = Host,
            Port = AmqpPort,
            VirtualHost = virtualHost,
            UserName = User,
            Password = Password,
            ClientProvidedName = clientName,
        };

    /// <summary>The admin tool's options that point it at this broker and virtual host.</summary>
    public string[] AdminArguments(string virtualHost) =>
        [
            "--rabbit-host",
            Host,
            "--rabbit-port",
            AmqpPort.ToString(System.Globalization.CultureInfo.InvariantCulture),
            "--rabbit-management-port",
            ManagementPort.ToString(System.Globalization.CultureInfo.InvariantCulture),
            "--rabbit-user",
            User,
            "--rabbit-password",
            Password,
            "--rabbit-vhost",
            virtualHost,
        ];
}
