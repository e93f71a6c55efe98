using MassTransit;
using Messaging.Contracts.Tenants;
using Messaging.Ledger.Accounts;
using Messaging.Ledger.Tenants;
using Messaging.Ledger.Writing;
using Messaging.Processing.Pipeline.Transactions;
using Microsoft.Extensions.Logging;

namespace Messaging.Processing.Tenants;

// Takes at most what the pool holds.
public sealed partial class ClawbackFromTenantConsumer(
    MintingAuthority authority,
    RegisteredTenants tenants,
    TransactionalLedger ledger,
    TenantMetrics metrics,
    TimeProvider clock,
    ILogger<ClawbackFromTenantConsumer> logger
) : IConsumer<ClawbackFromTenant>
{
    public async Task Consume(ConsumeContext<ClawbackFromTenant> context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var clawback = context.Message;
        var admin = await authority.AuthoriseAsync(context, Clawbacks.KeyOf(clawback.ClawbackId));
        await tenants.RequireAsync(clawback.TenantId, nameof(ClawbackFromTenant), context.CancellationToken);
        var pool = AccountRef.TenantPool(clawback.TenantId).Code;
        var command = Clawbacks.WriteFor(
            new ClawbackRequest(
                clawback.ClawbackId,
                clawback.TenantId,
                clawback.Points,
                clawback.Reason,
                clawback.RequestedBy,
                admin,
                clawback.OccurredAt
            )
        );

        // An empty pool is refused by the ledger (nothing to take) but still answered: applied 0, the whole request short.
        var outcome = await ledger.ApplyAsync(context, command, decided =>
        {
            var applied = decided.Kind == LedgerOutcomeKind.Applied ? decided.AppliedEntries[0].Amount : 0;
            var balance = decided.Kind == LedgerOutcomeKind.Applied ? decided.BalancesAfter[pool] : 0;
            return new TenantClawedBack(
                clawback.ClawbackId,
                clawback.TenantId,
                clawback.Points,
                applied,
                clawback.Points - applied,
                balance,
                clawback.RequestedBy,
                admin,
                clock.GetUtcNow()
            );
        });
        switch (outcome.Kind)
        {
            case LedgerOutcomeKind.AlreadyApplied:
                LogAlreadyApplied(clawback.ClawbackId, context.MessageId);
                break;
            case LedgerOutcomeKind.Refused:
                LogPoolEmpty(clawback.ClawbackId, clawback.TenantId, clawback.Points);
                break;
            default:
                metrics.ClawedBack(clawback.TenantId, outcome.AppliedEntries[0].Amount);
                LogClawedBack(
                    clawback.ClawbackId,
                    clawback.TenantId,
                    outcome.AppliedEntries[0].Amount,
                    clawback.Points,
                    admin,
                    outcome.BalancesAfter[pool]
                );
                break;
        }
    }

    [LoggerMessage(
        Level = LogLevel.Debug,
        Message = "Clawback {ClawbackId} was already applied; message {MessageId} acknowledged without effect"
    )]
    private partial void LogAlreadyApplied(string clawbackId, Guid? messageId);

    [LoggerMessage(
        Level = LogLevel.Warning,
        Message = "Clawback {ClawbackId} found tenant {TenantId}'s pool empty: none of {Points} points taken back"
    )]
    private partial void LogPoolEmpty(string clawbackId, string tenantId, long points);

    [LoggerMessage(
        Level = LogLevel.Information,
        Message = "Clawback {ClawbackId} took {Applied} of {Requested} points from tenant {TenantId}'s pool "
            + "for {Admin}; pool balance {Balance}"
    )]
    private partial void LogClawedBack(string clawbackId, string tenantId, long applied, long requested, string admin, long balance);
}
