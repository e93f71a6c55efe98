using Messaging.Contracts.Attendance;
using Messaging.Contracts.Earning;
using Messaging.Contracts.Quotas;
using Messaging.Contracts.Redemption;
using Messaging.Contracts.Tenants;

namespace Messaging.Operations.Endpoints;

// The only list of the queues the processor consumes: each consumer's definition takes its queue and inbox name from here, operators
// pause what it says (PausableEndpoints), a replay preview reads the inbox and the contract the gate checks. The fulfilment queues carry
// the processor's own requests and cannot be paused.
public static class LedgerEndpoints
{
    public static readonly LedgerEndpoint OrderCompleted = Pausable<OrderCompleted>("ledger-order-completed", "order-completed");

    // Requests, fulfilment answers and deadlines, each naming its type.
    public static readonly LedgerEndpoint Redemptions = new(
        "ledger-redemptions",
        "redemption-saga",
        SoleContract: null,
        PausedAs: nameof(RedeemRequested)
    );

    public static readonly LedgerEndpoint MarkRedemptionUsed = Pausable<MarkRedemptionUsed>("ledger-redemption-use", "redemption-use");
    public static readonly LedgerEndpoint AllocateToTenant = Pausable<AllocateToTenant>("ledger-tenant-allocations", "allocate-to-tenant");
    public static readonly LedgerEndpoint ClawbackFromTenant = Pausable<ClawbackFromTenant>(
        "ledger-tenant-clawbacks",
        "clawback-from-tenant"
    );
    public static readonly LedgerEndpoint GrantRecognition = Pausable<GrantRecognition>("ledger-recognitions", "grant-recognition");
    public static readonly LedgerEndpoint TokensDeductRequested = Pausable<TokensDeductRequested>(
        "ledger-token-deductions",
        "tokens-deduct-requested"
    );
    public static readonly LedgerEndpoint EventAttended = Pausable<EventAttended>("ledger-attendance", "event-attended");

    public static readonly LedgerEndpoint VoucherIssue = new(
        FulfilmentQueues.VoucherQueue,
        "voucher-issue",
        typeof(IssueReward),
        PausedAs: null
    );

    // Revocations have their own queue, so each fulfilment queue carries one message type.
    public static readonly LedgerEndpoint VoucherRevocation = new(
        FulfilmentQueues.VoucherQueue + "-revocations",
        "voucher-revocation",
        typeof(RewardRevocationRequested),
        PausedAs: null
    );

    public static IReadOnlyList<LedgerEndpoint> All { get; } =
    [
        OrderCompleted,
        Redemptions,
        MarkRedemptionUsed,
        AllocateToTenant,
        ClawbackFromTenant,
        GrantRecognition,
        TokensDeductRequested,
        EventAttended,
        VoucherIssue,
        VoucherRevocation,
    ];

    public static IReadOnlyDictionary<string, LedgerEndpoint> ByQueue { get; } = All.ToDictionary(e => e.Queue, StringComparer.Ordinal);

    private static LedgerEndpoint Pausable<TContract>(string queue, string inbox) =>
        new(queue, inbox, typeof(TContract), typeof(TContract).Name);
}
