namespace Messaging.Testing;

/// <summary>The processor's settings for a test run, as configuration keys (Section:Key).</summary>
public static class ProcessorSettings
{
    public static Dictionary<string, string?> For(ServersFixture servers, IReadOnlyDictionary<string, string?>? overrides = null)
    {
        var settings = new Dictionary<string, string?>
        {
            ["ConnectionStrings:Ledger"] = servers.ProcessorConnectionString,
            ["ConnectionStrings:LedgerOwner"] = servers.ConnectionString,
            ["RabbitMq:Host"] = servers.Rabbit.Host,
            ["RabbitMq:Port"] = servers.Rabbit.AmqpPort.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["RabbitMq:VirtualHost"] = servers.VirtualHost,
            // The processor consumes as its own broker user, as in production (eng/rabbitmq/users.tsv).
            ["RabbitMq:Username"] = BrokerRoles.Processor,
            ["RabbitMq:Password"] = BrokerRoles.PasswordOf(BrokerRoles.Processor),
            ["Earning:PointsPerUnit:USD"] = "1",
            ["Earning:PointsPerUnit:EUR"] = "1",
            ["Earning:SignupBonus"] = "100",
            ["Earning:FirstOrderBonus"] = "50",
            ["Earning:MaxPointsPerTransaction"] = "10000",
            ["Endpoints:MaxRetryInterval"] = "00:00:01",
            // The admins' broker user is the one who may mint points into tenants' pools.
            ["Tenants:Administrators:0"] = BrokerRoles.Admin,
            // A processor hosted in the test process must never end it; the restart tests run the worker as a process.
            ["Endpoints:ReconnectDeadline"] = "00:00:00",
            ["Outbox:Lease"] = "00:00:03",
            ["Outbox:SweepInterval"] = "00:00:00.500",
        };
        foreach (var (key, value) in overrides ?? new Dictionary<string, string?>())
        {
            settings[key] = value;
        }

        return settings;
    }
}
