using Messaging.Ledger.Auditing;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Messaging.Operations.Diagnostics;

public sealed partial class ReconciliationMonitor(
    LedgerReconciliation reconciliation,
    IOptions<ReconciliationOptions> options,
    ILogger<ReconciliationMonitor> logger
) : BackgroundService
{
    /// <summary>Null before the first count, or while the database cannot be read.</summary>
    public Reconciliation? Latest { get; private set; }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(options.Value.Interval);
        do
        {
            try
            {
                Latest = await reconciliation.CountAsync(stoppingToken);
                if (Latest.Total > 0)
                {
                    LogBreaches(Latest.MismatchedBalances, Latest.UnbalancedEntries, Latest.ForbiddenNegatives);
                }
            }
            catch (Exception ex) when (ex is Npgsql.NpgsqlException or TimeoutException)
            {
                // No figure rather than a stale one: the gauge disappears while the database is unreachable (readiness says why).
                Latest = null;
                LogUnreachable(ex.Message);
            }
        } while (await timer.WaitForNextTickAsync(stoppingToken));
    }

    [LoggerMessage(
        Level = LogLevel.Error,
        Message = "Reconciliation: {Mismatched} account(s) differ from their postings, {Unbalanced} "
            + "entr(y/ies) do not balance, {Negative} account(s) are negative; run `audit` for details"
    )]
    private partial void LogBreaches(long mismatched, long unbalanced, long negative);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Reconciliation could not read the ledger: {Reason}")]
    private partial void LogUnreachable(string reason);
}
