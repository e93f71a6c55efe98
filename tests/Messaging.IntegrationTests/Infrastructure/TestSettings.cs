using Npgsql;

namespace Messaging.IntegrationTests.Infrastructure;

/// <summary>
/// Where the real servers are: the same settings the processor reads (ConnectionStrings__Ledger,
/// RabbitMq__*), defaulting to what <c>eng/servers.sh up</c> creates.
/// </summary>
internal static class TestSettings
{
    public static string AdminConnectionString =>
        Environment.GetEnvironmentVariable("ConnectionStrings__Ledger")
        ?? "Host=127.0.0.1;Port=5432;Database=ledger;Username=ledger;Password=ledger";

    public static string RabbitHost => Environment.GetEnvironmentVariable("RabbitMq__Host") ?? "127.0.0.1";

    public static int RabbitPort => int.Parse(Environment.GetEnvironmentVariable("RabbitMq__Port") ?? "5672", System.Globalization.CultureInfo.InvariantCulture);

    public static string RabbitUser => Environment.GetEnvironmentVariable("RabbitMq__Username") ?? "ledger";

    public static string RabbitPassword => Environment.GetEnvironmentVariable("RabbitMq__Password") ?? "ledger";

    public static int RabbitManagementPort => int.Parse(Environment.GetEnvironmentVariable("LEDGER_MQ_MGMT_PORT") ?? "15672", System.Globalization.CultureInfo.InvariantCulture);

    public static string ForDatabase(string database) =>
        new NpgsqlConnectionStringBuilder(AdminConnectionString) { Database = database, MaxPoolSize = 50 }.ConnectionString;
}
