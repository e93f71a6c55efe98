using Messaging.Ledger.Expiry;
using Messaging.Ledger.Persistence;
using Messaging.Ledger.Writing;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Npgsql;

namespace Messaging.Ledger;

public static class LedgerServiceCollectionExtensions
{
    public static IServiceCollection AddLedger(this IServiceCollection services, string connectionString)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(connectionString);
        services.AddSingleton(_ => CreateDataSource(connectionString));
        services.AddDbContextFactory<LedgerDbContext>(
            (provider, options) => ConfigureContext(options, provider.GetRequiredService<NpgsqlDataSource>())
        );
        services.TryAddSingleton(IssuanceCaps.None);
        services.TryAddSingleton(ExpiryPolicy.None);
        services.AddSingleton(sp => new LedgerBatchWriter(sp.GetRequiredService<IssuanceCaps>(), sp.GetRequiredService<ExpiryPolicy>()));
        services.AddSingleton<Auditing.LedgerAuditor>();
        services.AddSingleton<Tenants.TenantDirectory>();
        services.AddSingleton<Operations.EndpointPauses>();
        return services;
    }

    // The batch writer sends the same few statements over and over, so unless the connection string says otherwise they are prepared once
    // per connection instead of planned on every call.
    //
    // Connections go back to the pool without Npgsql's reset (six statements: RESET ALL, CLOSE ALL, UNLISTEN, advisory unlock, DISCARD
    // SEQUENCES, SET SESSION AUTHORIZATION) because the ledger keeps no session state: every setting it makes is SET LOCAL and every
    // temporary table is ON COMMIT DROP. The reset ran before every transaction, so a saga step (one transaction per message) paid for it
    // each time.
    public static NpgsqlDataSource CreateDataSource(string connectionString)
    {
        var builder = new NpgsqlDataSourceBuilder(connectionString);
        if (builder.ConnectionStringBuilder.MaxAutoPrepare == 0)
        {
            builder.ConnectionStringBuilder.MaxAutoPrepare = 32;
            builder.ConnectionStringBuilder.AutoPrepareMinUsages = 2;
        }

        builder.ConnectionStringBuilder.NoResetOnClose = true;

        return builder.Build();
    }

    // The one place context options are set, shared by the host, the tools and the tests.
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
