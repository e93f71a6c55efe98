using System.Text.Json;
using MassTransit;
using Messaging.Contracts.Tenants;
using Messaging.Ledger.Accounts;
using Messaging.Ledger.Journal;
using Messaging.Ledger.Writing;
using Messaging.Processing.Faults;
using Messaging.Processing.Transactions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Messaging.Processing.Tenants;

/// <summary>
/// Mints an authorised admin's allocation from platform issuance into the tenant's pool, once per allocation id, and
/// announces it with <see cref="TenantAllocated"/>. A thin adapter: authority, then one ledger entry.
/// </summary>
public sealed partial class AllocateToTenantConsumer(
    MintingAuthority authority,
    IOptions<TenantOptions> options,
    TransactionalLedger ledger,
    TimeProvider clock,
    ILogger<AllocateToTenantConsumer> logger) : IConsumer<AllocateToTenant>
{
    /// <summary>The queue it reads, bound to the <c>allocate-to-tenant</c> exchange.</summary>
    public const string QueueName = "ledger-tenant-allocations";

    public async Task Consume(ConsumeContext<AllocateToTenant> context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var allocation = context.Message;
        var key = $"allocation:{allocation.AllocationId}";
        var admin = await authority.AuthoriseAsync(context, key);
        if (allocation.Points > options.Value.MaxAllocationPoints)
        {
            throw new MessageRejectedException("allocation_too_large",
                $"Allocation {allocation.AllocationId} asks for {allocation.Points} points, more than Tenants:MaxAllocationPoints ({options.Value.MaxAllocationPoints}); " +
                "nothing was minted. Split it, or raise the setting if such amounts are expected.");
        }

        var pool = AccountRef.TenantPool(allocation.TenantId);
        var metadata = JsonSerializer.Serialize(new { allocation.AllocationId, allocation.TenantId, allocation.ReferenceNote, allocation.RequestedBy, AuthorisedBy = admin });
        var entry = EntryDraft.Transfer(key, EntryTypes.TenantAllocation, $"Allocation {allocation.AllocationId} to tenant {allocation.TenantId}",
            PayloadHash.Of(allocation.TenantId, allocation.Points.ToString(System.Globalization.CultureInfo.InvariantCulture), allocation.ReferenceNote, allocation.RequestedBy),
            allocation.OccurredAt, AccountRef.PlatformIssuance, pool, allocation.Points, metadata);

        var outcome = await ledger.ApplyAsync(context, new LedgerCommand(entry, []), applied =>
            new TenantAllocated(allocation.AllocationId, allocation.TenantId, allocation.Points, applied.BalancesAfter[pool.Code], allocation.RequestedBy, admin, clock.GetUtcNow()));
        if (outcome.Kind == LedgerOutcomeKind.AlreadyApplied)
        {
            LogAlreadyApplied(allocation.AllocationId, context.MessageId);
        }
        else
        {
            LogAllocated(allocation.AllocationId, allocation.TenantId, allocation.Points, admin, outcome.BalancesAfter[pool.Code]);
        }
    }

    [LoggerMessage(Level = LogLevel.Debug, Message = "Allocation {AllocationId} was already applied; message {MessageId} acknowledged without effect")]
    private partial void LogAlreadyApplied(string allocationId, Guid? messageId);

    [LoggerMessage(Level = LogLevel.Information, Message = "Allocation {AllocationId} minted {Points} points into tenant {TenantId}'s pool for {Admin}; pool balance {Balance}")]
    private partial void LogAllocated(string allocationId, string tenantId, long points, string admin, long balance);
}
