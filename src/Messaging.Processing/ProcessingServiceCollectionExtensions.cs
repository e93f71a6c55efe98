using MassTransit;
using Messaging.Contracts.Gate;
using Messaging.Ledger;
using Messaging.Operations.Broker;
using Messaging.Operations.Hosting;
using Messaging.Operations.Partitions;
using Messaging.Operations.Queues;
using Messaging.Processing.Attendance;
using Messaging.Processing.Chain;
using Messaging.Processing.Earning;
using Messaging.Processing.Expiry;
using Messaging.Processing.Fulfilment;
using Messaging.Processing.Pipeline.Diagnostics;
using Messaging.Processing.Pipeline.Gate;
using Messaging.Processing.Pipeline.Hosting;
using Messaging.Processing.Pipeline.Inbox;
using Messaging.Processing.Pipeline.Outbox;
using Messaging.Processing.Pipeline.Transactions;
using Messaging.Processing.Quotas;
using Messaging.Processing.Redemptions;
using Messaging.Processing.Tenants;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Messaging.Processing;

public static class ProcessingServiceCollectionExtensions
{
    /// <summary>Every setting is validated at start-up.</summary>
    public static IServiceCollection AddLedgerProcessing(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        var connectionString = configuration.GetConnectionString("Ledger");
        if (string.IsNullOrWhiteSpace(connectionString))
        {
            throw new OptionsValidationException(
                "ConnectionStrings:Ledger",
                typeof(string),
                [
                    "ConnectionStrings:Ledger is missing: set it in appsettings.json or as "
                        + "ConnectionStrings__Ledger (for example "
                        + "Host=127.0.0.1;Database=ledger;Username=ledger;Password=ledger).",
                ]
            );
        }

        // Before the ledger, whose writer takes them (the ledger alone registers none).
        services.AddSingleton(sp => new Messaging.Ledger.Writing.IssuanceCaps(
            sp.GetRequiredService<IOptions<Ledger.Writing.IssuanceOptions>>().Value.DailyCaps,
            sp.GetRequiredService<TimeProvider>()
        ));
        services.AddSingleton(sp => new Ledger.Expiry.ExpiryPolicy(sp.GetRequiredService<IOptions<Ledger.Expiry.ExpiryOptions>>().Value));
        services.AddLedger(connectionString);
        services.TryAddSingletonTimeProvider();
        services.AddLedgerTracing(configuration, "points-ledger-processor");
        services.AddWorkerMetrics(configuration);

        services.AddProcessorOptions(configuration);

        services.AddEarning();
        services.AddTenants();
        services.AddQuotas();
        services.AddAttendance();
        services.AddExpiry();
        services.AddChainCheckpoints(configuration);
        services
            .AddOptions<HeartbeatOptions>()
            .Bind(configuration.GetSection(HeartbeatOptions.Section))
            .ValidateDataAnnotations()
            .ValidateOnStart();
        services.AddHostedService<WorkerHeartbeatService>();
        services.AddRedemptions();
        services.AddPipeline(bus =>
            bus.AddEarningConsumers()
                .AddTenantsConsumers()
                .AddQuotasConsumers()
                .AddAttendanceConsumers()
                .AddRedemptionsConsumers()
                .AddFulfilmentConsumers()
        );
        return services;
    }

    /// <summary>
    /// What every consumer runs in and knows no feature: the contract gate, group commits with inbox and outbox, pauses, watchdogs and
    /// health, and MassTransit on RabbitMQ.
    /// </summary>
    public static IServiceCollection AddPipeline(this IServiceCollection services, Action<IBusRegistrationConfigurator> addConsumers)
    {
        services.AddSingleton(_ => ContractSchemas.Published);
        services.AddSingleton<EndpointContracts>();
        services.AddSingleton<ContractGate>();
        services.AddSingleton<ReceivedMessageGate>();
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
        services.AddSingleton<LedgerWrites>();
        services.AddSingleton(sp => new TransactionalLedger(
            sp.GetRequiredService<GroupCommitter>(),
            sp.GetRequiredService<LedgerWrites>(),
            sp.GetRequiredService<Npgsql.NpgsqlDataSource>(),
            sp.GetRequiredService<Pipeline.Outbox.OutboxDispatcher>(),
            sp.GetRequiredService<IOptions<Pipeline.Outbox.OutboxOptions>>()
        ));
        services.AddHostedService<InboxCleanupService>();
        services.AddSingleton<ReceiveProgress>();
        services.AddReceiveObserver(provider => provider.GetRequiredService<ReceiveProgress>());
        services.AddSingleton<EndpointPauseController>();
        services.AddHostedService(sp => sp.GetRequiredService<EndpointPauseController>());
        services.AddSingleton<UnconsumedNeighbours>();
        services.AddSingleton<Pipeline.Diagnostics.RefusalLog>();
        services.AddHostedService<BrokerWatchdog>();
        services.AddProcessorHealthChecks();
        // Start-up waits for the broker (and fails, naming it, when it never answers), so nothing is
        // published before the queues and bindings exist. No StartTimeout: MassTransit's gave up on a start that broker restarts
        // had interrupted and then hung; BrokerWatchdog ends a start that takes too long instead.
        services.Configure<MassTransitHostOptions>(host =>
        {
            host.WaitUntilStarted = true;
            host.StopTimeout = TimeSpan.FromSeconds(30);
        });
        services.AddMassTransit(bus =>
        {
            // MassTransit 8 otherwise reports usage to an outside host; a ledger talks to nobody it was not told to.
            bus.DisableUsageTelemetry();
            // MassTransit's own bus check calls a paused endpoint unhealthy; readiness uses EndpointsHealthCheck instead.
            bus.ConfigureHealthCheckOptions(health => health.Tags.Add("masstransit"));
            addConsumers(bus);
            bus.UsingRabbitMq(
                (context, rabbit) =>
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
                    rabbit.UseContractGate(context.GetRequiredService<ReceivedMessageGate>());
                    rabbit.ConfigureEndpoints(context);
                }
            );
        });

        return services;
    }

    /// <summary>Those every process reads alike (<see cref="LedgerSettings"/>), and the pipeline's own.</summary>
    public static IServiceCollection AddProcessorOptions(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        services.AddLedgerSettings(configuration);
        services
            .AddOptions<CommitOptions>()
            .Bind(configuration.GetSection(CommitOptions.Section))
            .ValidateDataAnnotations()
            .ValidateOnStart();
        services
            .AddOptions<InboxOptions>()
            .Bind(configuration.GetSection(InboxOptions.Section))
            .ValidateDataAnnotations()
            .ValidateOnStart();
        services
            .AddOptions<OutboxOptions>()
            .Bind(configuration.GetSection(OutboxOptions.Section))
            .ValidateDataAnnotations()
            .ValidateOnStart();
        services
            .AddOptions<PartitionOptions>()
            .Bind(configuration.GetSection(PartitionOptions.Section))
            .ValidateDataAnnotations()
            .ValidateOnStart();
        services.AddOptions<FaultInjectionOptions>().Bind(configuration.GetSection(FaultInjectionOptions.Section)).ValidateOnStart();
        services.AddSingleton<IValidateOptions<FaultInjectionOptions>, FaultInjectionOptionsValidator>();
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
