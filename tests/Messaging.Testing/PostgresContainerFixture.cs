using System.Globalization;
using DotNet.Testcontainers.Builders;
using DotNet.Testcontainers.Containers;
using Npgsql;

namespace Messaging.Testing;

/// <summary>
/// The machine's RabbitMQ with a PostgreSQL 15 server of its own in a container, one the tests may stop and restart
/// without disturbing the server every other test uses. Its port is chosen before it starts, so a restart keeps it.
/// The image is built by <c>eng/images.sh</c>; LEDGER_POSTGRES_IMAGE names another (e.g. the official postgres:15).
/// </summary>
public sealed class PostgresContainerFixture : ServersFixture
{
    private const string Password = "ledger";

    private readonly int _port = LoopbackPorts.Free();
    private IContainer? _container;

    public static string Image => Environment.GetEnvironmentVariable("LEDGER_POSTGRES_IMAGE") ?? "ledger/postgres:15-bookworm";

    /// <summary>The server's version as it reports it, e.g. "15.14".</summary>
    public string Version { get; private set; } = "";

    /// <summary>Stops the server (<c>docker stop</c>: a fast shutdown that ends every session) and leaves it stopped.</summary>
    public Task StopDatabaseAsync() => Server.StopAsync();

    /// <summary>Starts the stopped server and returns once it answers queries again.</summary>
    public async Task StartDatabaseAsync()
    {
        if (Server.State != TestcontainersStates.Running)
        {
            await Server.StartAsync();
        }

        await WaitForQueriesAsync();

        // Idle connections from before the stop are dead: the next test must not be handed one.
        DataSource.Clear();
        NpgsqlConnection.ClearAllPools();
    }

    private static string RolesScript => Path.Combine(RepositoryPaths.Root, "eng", "docker", "postgres", "initdb", "10-ledger-roles.sql");

    /// <summary>The processor's login created by <see cref="RolesScript"/>, on this run's database.</summary>
    public override string ProcessorConnectionString =>
        new NpgsqlConnectionStringBuilder(ConnectionString) { Username = "ledger_processor", Password = "ledger" }.ConnectionString;

    /// <summary>The report reader's login created by <see cref="RolesScript"/>, on this run's database.</summary>
    public override string ReaderConnectionString =>
        new NpgsqlConnectionStringBuilder(ConnectionString) { Username = "ledger_readonly", Password = "ledger" }.ConnectionString;

    /// <summary>The operator's login created by <see cref="RolesScript"/>, on this run's database.</summary>
    public override string OperatorConnectionString =>
        new NpgsqlConnectionStringBuilder(ConnectionString) { Username = "ledger_ops", Password = "ledger" }.ConnectionString;

    /// <summary>The HTTP API's login created by <see cref="RolesScript"/>, on this run's database.</summary>
    public override string ApiConnectionString =>
        new NpgsqlConnectionStringBuilder(ConnectionString) { Username = "ledger_http", Password = "ledger" }.ConnectionString;

    protected override async Task<string> StartDatabaseServerAsync()
    {
        try
        {
            _container = new ContainerBuilder(Image)
                .WithPortBinding(_port, 5432)
                .WithEnvironment("POSTGRES_USER", "ledger")
                .WithEnvironment("POSTGRES_PASSWORD", Password)
                .WithEnvironment("POSTGRES_DB", "ledger")
                .WithCommand("-c", "max_connections=300")
                .WithLabel("ledger.tests", "postgres")
                .WithWaitStrategy(
                    Wait.ForUnixContainer().UntilCommandIsCompleted("pg_isready", "-h", "127.0.0.1", "-U", "ledger", "-d", "ledger")
                )
                .Build();
            await _container.StartAsync();
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            throw new InvalidOperationException(
                $"Could not start a PostgreSQL container from image '{Image}' ({ex.Message}). Run `bash "
                    + "eng/images.sh` and export what `bash eng/images.sh env` prints; "
                    + "`bash eng/test.sh` does both.",
                ex
            );
        }

        await WaitForQueriesAsync();
        await using var connection = new NpgsqlConnection(AdminConnection);
        await connection.OpenAsync();
        Version = connection.PostgreSqlVersion.ToString();
        // The same roles docker-compose creates on first start, so the processor logs in as a ledger_runtime member here too.
        await using (var roles = new NpgsqlCommand(await File.ReadAllTextAsync(RolesScript), connection))
        {
            await roles.ExecuteNonQueryAsync();
        }

        return AdminConnection;
    }

    protected override async Task StopDatabaseServerAsync()
    {
        if (_container is not null)
        {
            await _container.DisposeAsync();
        }
    }

    private string AdminConnection =>
        $"Host=127.0.0.1;Port={_port.ToString(CultureInfo.InvariantCulture)};Database=ledger;Username=ledger;Password={Password}";

    private IContainer Server => _container ?? throw new InvalidOperationException("The PostgreSQL container has not started.");

    private Task WaitForQueriesAsync() =>
        Eventually.HoldsAsync(
            async () =>
            {
                try
                {
                    // Unpooled: a pool would hand back a connection the restart has already broken.
                    await using var connection = new NpgsqlConnection(AdminConnection + ";Pooling=false");
                    await connection.OpenAsync();
                    return true;
                }
                catch (NpgsqlException)
                {
                    return false;
                }
            },
            TimeSpan.FromSeconds(60),
            $"PostgreSQL answering on 127.0.0.1:{_port.ToString(CultureInfo.InvariantCulture)}"
        );
}
