using Messaging.Ledger.Persistence;
using Messaging.Ledger.Writing;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;

namespace Messaging.Ledger;

public static class LedgerServiceCollectionExtensions
{
    /// <summary>Registers the ledger's data source, EF Core context and batch writer.</summary>
    public static IServiceCollection AddLedger(this IServiceCollection services, string connectionString)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(connectionString);
        services.AddSingleton(_ => NpgsqlDataSource.Create(connectionString));
        services.AddDbContextFactory<LedgerDbContext>((provider, options) =>
            ConfigureContext(options, provider.GetRequiredService<NpgsqlDataSource>()));
        services.AddSingleton<LedgerBatchWriter>();
        return services;
    }

    /// <summary>
    /// The one place context options are set, shared by the host, the tools and the tests.
    /// </summary>
    public static DbContextOptionsBuilder ConfigureContext(DbContextOptionsBuilder options, NpgsqlDataSource dataSource)
    {
        ArgumentNullException.ThrowIfNull(options);
        return options
            .UseNpgsql(dataSource, npgsql => npgsql.MigrationsHistoryTable("__ef_migrations_history"))
            // Migrations are hand-written (no design-time tooling here); a test compares the migrated
            // schema with the model instead of the snapshot EF would otherwise consult.
            .ConfigureWarnings(w => w.Ignore(RelationalEventId.PendingModelChangesWarning));
    }
}
