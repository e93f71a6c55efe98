using Messaging.Ledger;
using Messaging.Ledger.Operations;
using Messaging.Ledger.Persistence;
using Microsoft.EntityFrameworkCore;
using Npgsql;

namespace Messaging.Testing;

/// <summary>
/// The real PostgreSQL and RabbitMQ, shared by every integration test. Each run gets its own database
/// and its own virtual host (so its own queues); tests reset data before they start. Missing servers
/// fail the run with the setting to fix: these tests never skip themselves into green. The broker is the
/// machine's own (eng/servers.sh) unless a subclass starts another (<see cref="RabbitMq4Fixture"/>).
/// </summary>
public class ServersFixture : IAsyncLifetime
{
    private readonly string _runId = Guid.NewGuid().ToString("N")[..10];
    private RabbitManagement _management = null!;

    public string DatabaseName => $"ledger_test_{_runId}";

    public string VirtualHost => $"ledger-test-{_runId}";

    public string ConnectionString =>
        new NpgsqlConnectionStringBuilder(AdminConnectionString) { Database = DatabaseName, MaxPoolSize = 50 }.ConnectionString;

    /// <summary>
    /// The processor's connection to this run's database: a login in the ledger_runtime role, as in production, so every test
    /// that runs the processor also proves it needs no more than that role may do.
    /// </summary>
    public virtual string ProcessorConnectionString =>
        new NpgsqlConnectionStringBuilder(TestSettings.ProcessorConnectionString)
        {
            Database = DatabaseName,
            MaxPoolSize = 50,
        }.ConnectionString;

    /// <summary>A report reader's connection to this run's database (a ledger_reader member, as the HTTP API reads).</summary>
    public virtual string ReaderConnectionString =>
        new NpgsqlConnectionStringBuilder(TestSettings.ReaderConnectionString) { Database = DatabaseName }.ConnectionString;

    /// <summary>An operator's connection to this run's database (a ledger_operator member, as the admin tool and the API's commands
    /// write).</summary>
    public virtual string OperatorConnectionString =>
        new NpgsqlConnectionStringBuilder(TestSettings.OperatorConnectionString) { Database = DatabaseName }.ConnectionString;

    /// <summary>The HTTP API's connection to this run's database (a member of ledger_operator and ledger_api, which alone may queue
    /// commands).</summary>
    public virtual string ApiConnectionString =>
        new NpgsqlConnectionStringBuilder(TestSettings.ApiConnectionString) { Database = DatabaseName }.ConnectionString;

    /// <summary>A connection string of a role that may create databases: the machine's server unless a subclass starts another.</summary>
    public string AdminConnectionString { get; private set; } = TestSettings.AdminConnectionString;

    public NpgsqlDataSource DataSource { get; private set; } = null!;

    public RabbitManagement Management => _management;

    public RabbitEndpoint Rabbit { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        Rabbit = await StartBrokerAsync();
        _management = new RabbitManagement(Rabbit);
        AdminConnectionString = await StartDatabaseServerAsync();

        try
        {
            await using var admin = new NpgsqlConnection(AdminConnectionString);
            await admin.OpenAsync();
            await using var create = new NpgsqlCommand($"CREATE DATABASE \"{DatabaseName}\"", admin);
            await create.ExecuteNonQueryAsync();
        }
        catch (Exception ex) when (ex is NpgsqlException or System.Net.Sockets.SocketException)
        {
            throw new InvalidOperationException(
                $"PostgreSQL is not reachable with ConnectionStrings__LedgerOwner='{AdminConnectionString}' ({ex.Message}). "
                    + "Start the servers with `bash eng/servers.sh up` or run the tests with `bash eng/test.sh`, "
                    + "or point ConnectionStrings__LedgerOwner at a server whose role may CREATE DATABASE.",
                ex
            );
        }

        DataSource = NpgsqlDataSource.Create(ConnectionString);
        // Marked as a test database: it may be emptied before each test (history is truncated only where marked so).
        await LedgerMigration.MigrateAsync(ConnectionString, "test", CancellationToken.None);

        try
        {
            await _management.CreateVirtualHostAsync(VirtualHost);
        }
        catch (HttpRequestException ex)
        {
            throw new InvalidOperationException(
                $"The RabbitMQ management API at {Rabbit.Host}:{Rabbit.ManagementPort} did not accept user '{Rabbit.User}' ({ex.Message}). "
                    + "Start the servers with `bash eng/servers.sh up`, or set RabbitMq__Host, "
                    + "RabbitMq__Username, RabbitMq__Password and LEDGER_MQ_MGMT_PORT.",
                ex
            );
        }
    }

    public LedgerDbContext CreateDbContext()
    {
        var options = new DbContextOptionsBuilder<LedgerDbContext>();
        LedgerServiceCollectionExtensions.ConfigureContext(options, DataSource);
        return new LedgerDbContext(options.Options);
    }

    /// <summary>Empties the ledger and every queue of this run's virtual host; called at the start of each test.</summary>
    public async Task ResetAsync()
    {
        // As the owner, ids restart too: tests name the rows they seed by id.
        await using (
            var command = DataSource.CreateCommand(
                $"TRUNCATE {LedgerReset.Tables}, operator_actions RESTART IDENTITY;\n{LedgerReset.ReopenPlatformAccountsSql}"
            )
        )
        {
            await command.ExecuteNonQueryAsync();
        }

        foreach (var queue in await _management.QueueNamesAsync(VirtualHost))
        {
            await _management.PurgeAsync(VirtualHost, queue);
        }
    }

    public async Task DisposeAsync()
    {
        await DataSource.DisposeAsync();
        NpgsqlConnection.ClearAllPools();
        await DropDatabaseAsync();

        await _management.DeleteVirtualHostAsync(VirtualHost);
        _management.Dispose();
        await StopBrokerAsync();
        await StopDatabaseServerAsync();
    }

    /// <summary>
    /// FORCE ends the run's sessions, but a non-superuser may not end an autovacuum worker (PostgreSQL 15: "must be a
    /// member of the role whose process is being terminated"), and the heavily written test databases attract one;
    /// it finishes within seconds, so try again before giving up.
    /// </summary>
    private async Task DropDatabaseAsync()
    {
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                await using var admin = new NpgsqlConnection(AdminConnectionString);
                await admin.OpenAsync();
                await using var drop = new NpgsqlCommand($"DROP DATABASE IF EXISTS \"{DatabaseName}\" WITH (FORCE)", admin);
                await drop.ExecuteNonQueryAsync();
                return;
            }
            catch (PostgresException ex) when (attempt < 5)
            {
                Console.Error.WriteLine($"dropping {DatabaseName} failed ({ex.SqlState}: {ex.MessageText} {ex.Detail}); trying again");
                await Task.Delay(TimeSpan.FromSeconds(2));
            }
            catch (PostgresException ex)
            {
                throw new InvalidOperationException(
                    $"Could not drop the test database {DatabaseName}: {ex.SqlState} {ex.MessageText} ({ex.Detail})",
                    ex
                );
            }
        }
    }

    protected virtual Task<RabbitEndpoint> StartBrokerAsync() => Task.FromResult(RabbitEndpoint.FromSettings());

    protected virtual Task StopBrokerAsync() => Task.CompletedTask;

    /// <summary>Starts the database server if the fixture has its own, and returns a connection string of a role that may create
    /// databases.</summary>
    protected virtual Task<string> StartDatabaseServerAsync() => Task.FromResult(TestSettings.AdminConnectionString);

    protected virtual Task StopDatabaseServerAsync() => Task.CompletedTask;
}
