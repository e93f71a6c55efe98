using MassTransit;
using Messaging.Contracts;
using Messaging.Contracts.Tenants;
using Messaging.Ledger.Accounts;
using Messaging.Ledger.Tenants;
using Messaging.Ledger.Writing;
using Messaging.Processing.Pipeline.Transactions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Messaging.Processing.Tenants;

public sealed partial class AllocateToTenantConsumer(
    MintingAuthority authority,
    RegisteredTenants tenants,
    IOptions<TenantOptions> options,
    TransactionalLedger ledger,
    TenantMetrics metrics,
    TimeProvider clock,
    ILogger<AllocateToTenantConsumer> logger
) : IConsumer<AllocateToTenant>
{
    public async Task Consume(ConsumeContext<AllocateToTenant> context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var allocation = context.Message;
        var admin = await authority.AuthoriseAsync(context, Allocations.KeyOf(allocation.AllocationId));
        if (allocation.Points > options.Value.MaxAllocationPoints)
        {
            throw new MessageRejectedException(
                "allocation_too_large",
                $"Allocation {allocation.AllocationId} asks for {allocation.Points} points, more than "
                    + $"Tenants:MaxAllocationPoints ({options.Value.MaxAllocationPoints}); "
                    + "nothing was minted. Split it, or raise the setting if such amounts are expected."
            );
        }

        await tenants.RequireAsync(allocation.TenantId, nameof(AllocateToTenant), context.CancellationToken);
        var pool = AccountRef.TenantPool(allocation.TenantId).Code;
        var command = Allocations.WriteFor(
            new AllocationRequest(
                allocation.AllocationId,
                allocation.TenantId,
                allocation.Points,
                allocation.ReferenceNote,
                allocation.RequestedBy,
                admin,
                allocation.OccurredAt
            )
        );
        var outcome = await ledger.ApplyAsync(context, command, applied => new TenantAllocated(
            allocation.AllocationId,
            allocation.TenantId,
            allocation.Points,
            applied.BalancesAfter[pool],
            allocation.RequestedBy,
            admin,
            clock.GetUtcNow()
        ));
        if (outcome.Kind == LedgerOutcomeKind.AlreadyApplied)
        {
            LogAlreadyApplied(allocation.AllocationId, context.MessageId);
        }
        else
        {
            metrics.Allocated(allocation.TenantId, allocation.Points);
            LogAllocated(allocation.AllocationId, allocation.TenantId, allocation.Points, admin, outcome.BalancesAfter[pool]);
        }
    }

    [LoggerMessage(
        Level = LogLevel.Debug,
        Message = "Allocation {AllocationId} was already applied; message {MessageId} acknowledged without effect"
    )]
    private partial void LogAlreadyApplied(string allocationId, Guid? messageId);

    [LoggerMessage(
        Level = LogLevel.Information,
        Message = "Allocation {AllocationId} minted {Points} points into tenant {TenantId}'s pool for {Admin}; pool balance {Balance}"
    )]
    private partial void LogAllocated(string allocationId, string tenantId, long points, string admin, long balance);
}
