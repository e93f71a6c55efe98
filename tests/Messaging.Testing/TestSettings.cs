using Npgsql;

namespace Messaging.Testing;

/// <summary>
/// Where the real servers are: the settings <c>eng/servers.sh env</c> prints (ConnectionStrings__LedgerOwner for the schema's
/// owner, which creates each run's database; ConnectionStrings__Ledger for the processor's role; RabbitMq__*), defaulting
/// to what <c>eng/servers.sh up</c> creates.
/// </summary>
public static class TestSettings
{
    public static string AdminConnectionString =>
        Environment.GetEnvironmentVariable("ConnectionStrings__LedgerOwner")
        ?? "Host=127.0.0.1;Port=5432;Database=ledger;Username=ledger;Password=ledger";

    /// <summary>The processor's login (a member of ledger_runtime), whatever database it is pointed at.</summary>
    public static string ProcessorConnectionString =>
        Environment.GetEnvironmentVariable("ConnectionStrings__Ledger")
        ?? "Host=127.0.0.1;Port=5432;Database=ledger;Username=ledger_processor;Password=ledger";

    /// <summary>The admin tool's login (a member of ledger_operator).</summary>
    public static string OperatorConnectionString =>
        Environment.GetEnvironmentVariable("ConnectionStrings__LedgerOperator")
        ?? "Host=127.0.0.1;Port=5432;Database=ledger;Username=ledger_ops;Password=ledger";

    /// <summary>The HTTP API's login (a member of ledger_operator and ledger_api).</summary>
    public static string ApiConnectionString =>
        Environment.GetEnvironmentVariable("ConnectionStrings__LedgerApi")
        ?? "Host=127.0.0.1;Port=5432;Database=ledger;Username=ledger_http;Password=ledger";

    /// <summary>A report reader's login (a member of ledger_reader).</summary>
    public static string ReaderConnectionString =>
        Environment.GetEnvironmentVariable("ConnectionStrings__LedgerReader")
        ?? "Host=127.0.0.1;Port=5432;Database=ledger;Username=ledger_readonly;Password=ledger";

    public static string RabbitHost => Environment.GetEnvironmentVariable("RabbitMq__Host") ?? "127.0.0.1";

    public static int RabbitPort =>
        int.Parse(Environment.GetEnvironmentVariable("RabbitMq__Port") ?? "5672", System.Globalization.CultureInfo.InvariantCulture);

    public static string RabbitUser => Environment.GetEnvironmentVariable("RabbitMq__Username") ?? "ledger";

    public static string RabbitPassword => Environment.GetEnvironmentVariable("RabbitMq__Password") ?? "ledger";

    public static int RabbitManagementPort =>
        int.Parse(Environment.GetEnvironmentVariable("LEDGER_MQ_MGMT_PORT") ?? "15672", System.Globalization.CultureInfo.InvariantCulture);

    public static string ForDatabase(string database) =>
        new NpgsqlConnectionStringBuilder(AdminConnectionString) { Database = database, MaxPoolSize = 50 }.ConnectionString;
}
