using Messaging.Ledger.Persistence;
using Messaging.Operations.Queues;
using Messaging.Processing;
using Messaging.Worker;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Serilog;
using Serilog.Formatting.Compact;

// Usage: Messaging.Worker            run the processor until stopped
//        Messaging.Worker migrate    apply database migrations (as ConnectionStrings:LedgerOwner, else :Ledger) and exit
//        Messaging.Worker --help     print the usage and the main settings, and exit (touching nothing)
//        Messaging.Worker probe URL  ask a loopback health endpoint; exit 0 when it answers 2xx (container health checks)
if (args.Any(a => a is "--help" or "-h" or "-?"))
{
    Console.Out.Write(WorkerHelp.Text);
    return 0;
}

if (args is [HealthProbe.Command, var probed])
{
    return await HealthProbe.RunAsync(probed);
}

var settings = new HostApplicationBuilderSettings
{
    Args = args.Where(a => a != "migrate").ToArray(),
    ContentRootPath = AppContext.BaseDirectory,
    Configuration = new ConfigurationManager(),
};

// Settings are read once; a file watcher per process buys nothing for a service restarted to reconfigure.
settings.Configuration.AddInMemoryCollection([new("hostBuilder:reloadConfigOnChange", "false")]);
var builder = Host.CreateApplicationBuilder(settings);

// The file sink comes from the settings; the console is text for people, or one JSON object per line for log shippers.
var jsonConsole = builder.Configuration.GetValue<bool>("Logging:JsonConsole");

// A refused message is logged once, as one warning line, when it is parked (RefusalLog): MassTransit's fault log of it,
// an error with a stack trace, is dropped.
Log.Logger = new LoggerConfiguration()
    .ReadFrom.Configuration(builder.Configuration)
    .Enrich.FromLogContext()
    .Filter.ByExcluding(e => Messaging.Processing.Pipeline.Diagnostics.RefusalLog.IsRefusal(e.Exception))
    .WriteTo.Async(console =>
    {
        if (jsonConsole)
        {
            console.Console(new CompactJsonFormatter());
        }
        else
        {
            console.Console(
                outputTemplate: "[{Timestamp:HH:mm:ss} {Level:u3}] {SourceContext}: {Message:lj}{NewLine}{Exception}",
                formatProvider: System.Globalization.CultureInfo.InvariantCulture
            );
        }
    })
    .CreateLogger();

// The sinks are asynchronous, and the watchdog ends the process with Environment.Exit right after it logs why: without this, its
// reason (and the last seconds of everything else) could be lost with the process.
AppDomain.CurrentDomain.ProcessExit += (_, _) => Log.CloseAndFlush();
builder.Logging.ClearProviders();
builder.Logging.AddSerilog(Log.Logger, dispose: true);

try
{
    if (
        !args.Contains("migrate")
        && builder.Environment.IsProduction()
        && Messaging.Operations.Hosting.DefaultPasswords.UsedBy(builder.Configuration, ["Ledger"], ["RabbitMq:Password"])
            is { Count: > 0 } defaults
    )
    {
        Log.Fatal(Messaging.Operations.Hosting.DefaultPasswords.Refusal(defaults));
        return 78;
    }

    builder.Services.AddLedgerProcessing(builder.Configuration);
    builder.Services.AddHostedService<WorkerHealthServer>();
    using var host = builder.Build();

    if (args.Contains("migrate"))
    {
        // Only a database migrated in a Development or Test environment is marked as one.
        var markAs =
            builder.Environment.IsDevelopment() || builder.Environment.IsEnvironment("Test") ? builder.Environment.EnvironmentName : null;
        var applied = await LedgerMigration.MigrateAsync(
            builder.Configuration.GetConnectionString("LedgerOwner") ?? builder.Configuration.GetConnectionString("Ledger")!,
            markAs,
            CancellationToken.None
        );
        Log.Information(
            "Database migrated; applied {Count} migration(s): {Migrations}; created or replaced "
                + "{ObjectCount} function(s), trigger(s) and view(s): {Objects}",
            applied.Migrations.Count,
            applied.Migrations,
            applied.SchemaObjects.Count,
            applied.SchemaObjects
        );
        if (markAs is not null)
        {
            Log.Information("Database marked as a {Environment} database: its owner may empty it with `ledger reset`", markAs);
        }
        return 0;
    }

    // With MassTransit's WaitUntilStarted, "started" means the queues are bound and being consumed.
    host.Services.GetRequiredService<IHostApplicationLifetime>()
        .ApplicationStarted.Register(() =>
            Log.Information(
                "Processor started: consuming orders, redemption requests, tenant allocations, clawbacks, "
                    + "recognitions and fulfilment answers; publishing their outcomes"
            )
        );
    await host.RunAsync();
    return 0;
}
catch (Npgsql.PostgresException ex) when (args.Contains("migrate") && ex.SqlState == Npgsql.PostgresErrorCodes.InsufficientPrivilege)
{
    Log.Fatal(
        "Migrations need the schema's owner, and the database refused this login ({Reason}): set ConnectionStrings__LedgerOwner "
            + "to the owner's connection string (`bash eng/servers.sh env` prints it); "
            + "ConnectionStrings__Ledger is the processor's own, least-privileged login",
        ex.MessageText
    );
    return 2;
}
catch (OptionsValidationException ex)
{
    Log.Fatal("Configuration is invalid: {Failures}", string.Join(" ", ex.Failures));
    return 2;
}
catch (Exception ex) when (Innermost<QueueArgumentsMismatchException>(ex) is { } mismatch)
{
    Log.Fatal("The processor cannot start: {Reason}", mismatch.Message);
    return 2;
}
catch (Exception ex) when (ex is not OperationCanceledException)
{
    Log.Fatal(ex, "The processor stopped on an unexpected error");
    return 1;
}
finally
{
    await Log.CloseAndFlushAsync();
}

// MassTransit wraps what fails while it configures the bus; the cause may be a few levels down.
static T? Innermost<T>(Exception? ex)
    where T : Exception
{
    for (; ex is not null; ex = ex.InnerException)
    {
        if (ex is T found)
        {
            return found;
        }
    }

    return null;
}
