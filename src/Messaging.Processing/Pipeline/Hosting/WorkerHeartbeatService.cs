using Messaging.Ledger.Operations;
using Messaging.Processing.Pipeline.Faults;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Npgsql;

namespace Messaging.Processing.Pipeline.Hosting;

// Says this processor is alive, in the database every party can read, so the API's readiness sees a processor that stopped even when
// there is nothing to process: its beat goes stale. A processor that lost its broker still beats (the worker's own /health/ready says
// what is wrong inside it); one that lost its database cannot, and is rightly called stopped by a database-reading API.
internal sealed partial class WorkerHeartbeatService(
    NpgsqlDataSource dataSource,
    TimeProvider clock,
    IOptions<HeartbeatOptions> options,
    ILogger<WorkerHeartbeatService> logger
) : BackgroundService
{
    private readonly string _instance = $"{Environment.MachineName}:{Environment.ProcessId}:{Guid.NewGuid().ToString("N")[..8]}";

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var startedAt = clock.GetUtcNow();
        using var timer = new PeriodicTimer(options.Value.HeartbeatInterval, clock);
        do
        {
            try
            {
                await WorkerHeartbeats.BeatAsync(dataSource, _instance, Environment.MachineName, startedAt, stoppingToken);
            }
            catch (Exception ex) when (TransientFaults.IsTransient(ex) && !stoppingToken.IsCancellationRequested)
            {
                LogBeatFailed(ex);
            }
        } while (await timer.WaitForNextTickAsync(stoppingToken));
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "The heartbeat could not be written for a passing reason; the next one retries")]
    private partial void LogBeatFailed(Exception exception);
}
