using System.ComponentModel.DataAnnotations;
using RabbitMQ.Client;

namespace Messaging.Operations.Broker;

public sealed class RabbitMqOptions : IValidatableObject
{
    public const string Section = "RabbitMq";

    [Required(ErrorMessage = "RabbitMq:Host is required (for example 127.0.0.1).")]
    public string Host { get; set; } = "";

    [Range(1, 65535, ErrorMessage = "RabbitMq:Port must be a TCP port (5672 by default).")]
    public int Port { get; set; } = 5672;

    [Required(ErrorMessage = "RabbitMq:VirtualHost is required (for example ledger).")]
    public string VirtualHost { get; set; } = "";

    [Required(ErrorMessage = "RabbitMq:Username is required.")]
    public string Username { get; set; } = "";

    [Required(ErrorMessage = "RabbitMq:Password is required.")]
    public string Password { get; set; } = "";

    /// <summary>Only the admin tool uses the management API; the processor does not.</summary>
    [Range(1, 65535, ErrorMessage = "RabbitMq:ManagementPort must be a TCP port (15672 by default).")]
    public int ManagementPort { get; set; } = 15672;

    // A broker that vanishes without closing the TCP connection (a host lost, a container restarted behind a NAT) is noticed only when its
    // heartbeats stop: the client gives up after about four missed ones. At RabbitMQ.Client's default of 60 s that was four minutes during
    // which acknowledgements hung on the dead connection and nothing was consumed (docs/reliability.md); 10 s brings it to about 40 s.
    // RabbitMQ recommends 5 to 20 s.
    [Range(
        typeof(TimeSpan),
        "00:00:01",
        "00:10:00",
        ErrorMessage = "RabbitMq:Heartbeat must be between 00:00:01 and 00:10:00 (10 s by default)."
    )]
    public TimeSpan Heartbeat { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>
    /// The other cluster nodes as host:port, beside <see cref="Host"/>:<see cref="Port"/>. Every connection, MassTransit's and the
    /// processor's own, moves to another node when its node stops.
    /// </summary>
    public IList<string> ClusterNodes { get; } = [];

    public IReadOnlyList<AmqpTcpEndpoint> Endpoints() => [new(Host, Port), .. ClusterNodes.Select(AmqpTcpEndpoint.Parse)];

    /// <summary>One of the processor's own connections beside MassTransit's, to the first node that answers.</summary>
    public Task<IConnection> ConnectAsync(string clientName, CancellationToken cancellationToken) =>
        ConnectionFactory(clientName).CreateConnectionAsync(Endpoints(), cancellationToken);

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        foreach (var node in ClusterNodes)
        {
            if (!IsHostAndPort(node))
            {
                yield return new ValidationResult(
                    $"RabbitMq:ClusterNodes has '{node}', which is not host:port (for example 10.0.0.2:5672).",
                    [nameof(ClusterNodes)]
                );
            }
        }
    }

    private ConnectionFactory ConnectionFactory(string clientName) =>
        new()
        {
            HostName = Host,
            Port = Port,
            VirtualHost = VirtualHost,
            UserName = Username,
            Password = Password,
            ClientProvidedName = clientName,
            RequestedHeartbeat = Heartbeat,

            // The processor's own connections reconnect by opening a new one when they find theirs closed. The client's
            // automatic recovery would instead revive the old channel after a broker restart, with its unconfirmed
            // publishes left waiting for confirms the new broker never sends: the outbox was seen stuck behind them.
            AutomaticRecoveryEnabled = false,
        };

    private static bool IsHostAndPort(string node)
    {
        var colon = node.LastIndexOf(':');
        return colon > 0
            && ushort.TryParse(
                node.AsSpan(colon + 1),
                System.Globalization.NumberStyles.None,
                System.Globalization.CultureInfo.InvariantCulture,
                out var port
            )
            && port > 0;
    }
}
