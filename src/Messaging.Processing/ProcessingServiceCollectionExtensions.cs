using MassTransit;
using MassTransit.Configuration;
using MassTransit.Saga;
using Messaging.Ledger;
using Messaging.Ledger.Earning;
using Messaging.Ledger.Redemptions;
using Messaging.Processing.Diagnostics;
using Messaging.Processing.Gate;
using Messaging.Processing.Hosting;
using Messaging.Processing.Inbox;
using Messaging.Processing.Outbox;
using Messaging.Processing.Queues;
using Messaging.Processing.Redemptions;
using Messaging.Processing.Transactions;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Messaging.Processing;

public static class ProcessingServiceCollectionExtensions
{
    /// <summary>
    /// Registers the whole processor: ledger, consumers, group commits with inbox and outbox, background
    /// sweepers, and MassTransit on RabbitMQ. Every setting is validated at start-up.
    /// </summary>
    public static IServiceCollection AddLedgerProcessing(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        var connectionString = configuration.GetConnectionString("Ledger");
        if (string.IsNullOrWhiteSpace(connectionString))
        {
            throw new OptionsValidationException("ConnectionStrings:Ledger", typeof(string),
                ["ConnectionStrings:Ledger is missing: set it in appsettings.json or as ConnectionStrings__Ledger (for example Host=127.0.0.1;Database=ledger;Username=ledger;Password=ledger)."]);
        }

        // Before the ledger, whose writer takes them (the ledger alone registers none).
        services.AddSingleton(sp => new Messaging.Ledger.Writing.IssuanceCaps(
            sp.GetRequiredService<IOptions<Ledger.Writing.IssuanceOptions>>().Value.DailyCaps, sp.GetRequiredService<TimeProvider>()));
        services.AddLedger(connectionString);
        services.TryAddSingletonTimeProvider();
        services.AddLedgerTracing(configuration, "points-ledger-processor");
        services.AddWorkerMetrics(configuration);

        services.AddProcessorOptions(configuration);

        services.AddSingleton(sp => new OrderEarningPolicy(sp.GetRequiredService<IOptions<EarningOptions>>().Value));
        services.AddSingleton<Tenants.MintingAuthority>();
        services.AddMemoryCache();
        services.AddSingleton<Ledger.Tenants.RegisteredTenants>();
        services.AddSingleton<Messaging.Ledger.Quotas.QuotaPlans>();
        services.AddSingleton<Messaging.Ledger.Quotas.QuotaQueries>();
        services.AddSingleton<Ledger.Quotas.QuotaLimits>();
        services.AddHostedService<Quotas.QuotaRolloverSweeper>();
        services.AddSingleton(sp => new Messaging.Ledger.Attendance.AttendanceSettlement(sp.GetRequiredService<IOptions<Ledger.Attendance.AttendanceOptions>>().Value.Rules()));
        services.AddSingleton(_ => ContractSchemas.Published);
        services.AddSingleton<EndpointContracts>();
        services.AddSingleton<ContractGate>();
        services.AddSingleton<CrashPoints>();
        services.AddSingleton<QueueProtection>();
        services.AddSingleton<ProcessingMetrics>();
        services.AddHostedService<ProcessingSummaryService>();
        services.AddSingleton<OutboxPublisher>();
        services.AddSingleton<OutboxDispatcher>();
        services.AddHostedService(sp => sp.GetRequiredService<OutboxDispatcher>());
        services.AddSingleton<DeliveryOrder>();
        services.AddSingleton<GroupCommitter>();
        services.AddHostedService(sp => sp.GetRequiredService<GroupCommitter>());
        services.AddSingleton(sp => new TransactionalLedger(sp.GetRequiredService<GroupCommitter>(), sp.GetRequiredService<Npgsql.NpgsqlDataSource>(),
            sp.GetRequiredService<Outbox.OutboxDispatcher>(), sp.GetRequiredService<IOptions<Outbox.OutboxOptions>>()));
        services.AddHostedService<InboxCleanupService>();
        services.AddSingleton<ReceiveProgress>();
        services.AddReceiveObserver(provider => provider.GetRequiredService<ReceiveProgress>());
        services.AddSingleton<EndpointPauseController>();
        services.AddHostedService(sp => sp.GetRequiredService<EndpointPauseController>());
        services.AddSingleton<UnconsumedNeighbours>();
        services.AddSingleton<Diagnostics.RefusalLog>();
        services.AddHostedService<BrokerWatchdog>();
        services.AddProcessorHealthChecks();
        services.AddSingleton<IRedemptionLedger, RedemptionLedger>();
        services.AddHostedService<RedemptionSweeper>();

        // Registered before the bus, so the catalog is seeded before the first request is consumed.
        services.AddHostedService<RewardCatalogSeeder>();

        // Start-up waits for the broker (and fails, naming it, when it never answers), so nothing is
        // published before the queues and bindings exist.
        services.Configure<MassTransitHostOptions>(host =>
        {
            host.WaitUntilStarted = true;
            host.StartTimeout = TimeSpan.FromSeconds(60);
            host.StopTimeout = TimeSpan.FromSeconds(30);
        });
        services.AddMassTransit(bus =>
        {
            // MassTransit 8 otherwise reports usage to an outside host; a ledger talks to nobody it was not told to.
            bus.DisableUsageTelemetry();
            // MassTransit's own bus check calls a paused endpoint unhealthy; readiness uses EndpointsHealthCheck instead.
            bus.ConfigureHealthCheckOptions(health => health.Tags.Add("masstransit"));
            foreach (var endpoint in ConsumedEndpoints.All.Where(e => e.Consumer is not null))
            {
                bus.AddConsumer(endpoint.Consumer!, endpoint.Definition);
            }

            bus.AddSagaStateMachine<RedemptionStateMachine, RedemptionState, RedemptionStateDefinition>()
                .Repository(r => r.RegisterSagaRepository<RedemptionState, Transactions.MessageTransaction,
                    SagaConsumeContextFactory<Transactions.MessageTransaction, RedemptionState>, RedemptionSagaRepositoryContextFactory>());
            bus.UsingRabbitMq((context, rabbit) =>
            {
                var options = context.GetRequiredService<IOptions<RabbitMqOptions>>().Value;
                rabbit.Host(options.Host, (ushort)options.Port, options.VirtualHost, host =>
                {
                    host.Username(options.Username);
                    host.Password(options.Password);
                    host.PublisherConfirmation = true;
                    host.Heartbeat(options.Heartbeat);
                    if (options.ClusterNodes.Count > 0)
                    {
                        // Each connection attempt takes the next node in turn, so a stopped node is left for a surviving one.
                        host.UseCluster(cluster =>
                        {
                            cluster.Node($"{options.Host}:{options.Port}");
                            foreach (var node in options.ClusterNodes)
                            {
                                cluster.Node(node);
                            }
                        });
                    }
                });
                MessageTopology.Apply(rabbit);
                LedgerEndpointConventions.ApplyToParkedQueues(rabbit, context.GetRequiredService<QueueProtection>());

                // Producers outside .NET publish plain JSON without MassTransit's envelope; both are read, and only
                // through their contract's published schema.
                rabbit.UseContractGate(context.GetRequiredService<ContractGate>());
                rabbit.ConfigureEndpoints(context);
            });
        });

        return services;
    }

    /// <summary>
    /// The processor's settings bound to their options classes with their rules, validated when first read (and at
    /// start-up in the worker). The admin tool registers the same, so both read and refuse a setting alike.
    /// </summary>
    public static IServiceCollection AddProcessorOptions(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        services.AddOptions<RabbitMqOptions>().Bind(configuration.GetSection(RabbitMqOptions.Section)).ValidateDataAnnotations().ValidateOnStart();
        services.AddOptions<EndpointOptions>().Bind(configuration.GetSection(EndpointOptions.Section)).ValidateDataAnnotations().ValidateOnStart();
        services.AddOptions<CommitOptions>().Bind(configuration.GetSection(CommitOptions.Section)).ValidateDataAnnotations().ValidateOnStart();
        services.AddOptions<InboxOptions>().Bind(configuration.GetSection(InboxOptions.Section)).ValidateDataAnnotations().ValidateOnStart();
        services.AddOptions<OutboxOptions>().Bind(configuration.GetSection(OutboxOptions.Section)).ValidateDataAnnotations().ValidateOnStart();
        services.AddOptions<FaultInjectionOptions>().Bind(configuration.GetSection(FaultInjectionOptions.Section)).ValidateOnStart();
        services.AddSingleton<IValidateOptions<FaultInjectionOptions>, FaultInjectionOptionsValidator>();
        services.AddOptions<EarningOptions>().Bind(configuration.GetSection(EarningOptions.Section)).ValidateOnStart();
        services.AddSingleton<IValidateOptions<EarningOptions>, EarningOptionsValidator>();
        services.AddOptions<Ledger.Writing.IssuanceOptions>().Bind(configuration.GetSection(Ledger.Writing.IssuanceOptions.Section)).ValidateOnStart();
        services.AddSingleton<IValidateOptions<Ledger.Writing.IssuanceOptions>, Ledger.Writing.IssuanceOptionsValidator>();
        services.AddOptions<Ledger.Tenants.TenantOptions>().Bind(configuration.GetSection(Ledger.Tenants.TenantOptions.Section)).ValidateDataAnnotations().ValidateOnStart();
        services.AddOptions<Ledger.Quotas.QuotaOptions>().Bind(configuration.GetSection(Ledger.Quotas.QuotaOptions.Section)).ValidateDataAnnotations().ValidateOnStart();
        services.AddOptions<Ledger.Attendance.AttendanceOptions>().Bind(configuration.GetSection(Ledger.Attendance.AttendanceOptions.Section)).ValidateDataAnnotations().ValidateOnStart();
        services.AddOptions<RedemptionOptions>().Bind(configuration.GetSection(RedemptionOptions.Section)).ValidateDataAnnotations().ValidateOnStart();
        services.AddSingleton<IValidateOptions<RedemptionOptions>, RedemptionOptionsValidator>();
        return services;
    }

    private static void TryAddSingletonTimeProvider(this IServiceCollection services)
    {
        if (services.All(d => d.ServiceType != typeof(TimeProvider)))
        {
            services.AddSingleton(TimeProvider.System);
        }
    }
}
