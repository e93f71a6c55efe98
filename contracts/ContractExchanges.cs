using Messaging.Contracts.Attendance;
using Messaging.Contracts.Chain;
using Messaging.Contracts.Earning;
using Messaging.Contracts.Expiry;
using Messaging.Contracts.Quotas;
using Messaging.Contracts.Redemption;
using Messaging.Contracts.Tenants;

namespace Messaging.Contracts;

/// <summary>
/// Where each contract is published: short, language-neutral exchange names that producers outside .NET can publish to
/// (<c>contracts/README.md</c>), and the name of its schema file (<c>schemas/{exchange}.v1.json</c>).
/// </summary>
public static class ContractExchanges
{
    /// <summary>The exchange <see cref="Earning.OrderCompleted"/> is published to.</summary>
    public const string OrderCompletedExchange = "order-completed";

    /// <summary>The exchange <see cref="Earning.PointsEarned"/> is published to.</summary>
    public const string PointsEarnedExchange = "points-earned";

    private static readonly Dictionary<Type, string> Exchanges = new()
    {
        [typeof(OrderCompleted)] = OrderCompletedExchange,
        [typeof(PointsEarned)] = PointsEarnedExchange,
        [typeof(RedeemRequested)] = "redeem-requested",
        [typeof(IssueReward)] = "issue-reward",
        [typeof(RewardIssued)] = "reward-issued",
        [typeof(RewardIssueFailed)] = "reward-issue-failed",
        [typeof(RedemptionCompleted)] = "redemption-completed",
        [typeof(RedemptionFailed)] = "redemption-failed",
        [typeof(RedemptionRejected)] = "redemption-rejected",
        [typeof(RewardRevocationRequested)] = "reward-revocation-requested",
        [typeof(RedemptionDeadlinePassed)] = "redemption-deadline-passed",
        [typeof(MarkRedemptionUsed)] = "mark-redemption-used",
        [typeof(RedemptionUsed)] = "redemption-used",
        [typeof(RedemptionExpired)] = "redemption-expired",
        [typeof(AllocateToTenant)] = "allocate-to-tenant",
        [typeof(TenantAllocated)] = "tenant-allocated",
        [typeof(ClawbackFromTenant)] = "clawback-from-tenant",
        [typeof(TenantClawedBack)] = "tenant-clawed-back",
        [typeof(GrantRecognition)] = "grant-recognition",
        [typeof(RecognitionGranted)] = "recognition-granted",
        [typeof(RecognitionRejected)] = "recognition-rejected",
        [typeof(TokensDeductRequested)] = "tokens-deduct-requested",
        [typeof(TokensDeducted)] = "tokens-deducted",
        [typeof(TokensDeductRejected)] = "tokens-deduct-rejected",
        [typeof(QuotaThresholdReached)] = "quota-threshold-reached",
        [typeof(EventAttended)] = "event-attended",
        [typeof(AttendancePointsEarned)] = "attendance-points-earned",
        [typeof(StreakExtended)] = "streak-extended",
        [typeof(StreakBroken)] = "streak-broken",
        [typeof(BadgeAwarded)] = "badge-awarded",
        [typeof(PointsExpired)] = "points-expired",
        [typeof(PointsExpiring)] = "points-expiring",
        [typeof(LedgerCheckpoint)] = "ledger-checkpoint",
    };

    private static readonly Dictionary<string, Type> TypesByExchange = Exchanges.ToDictionary(
        e => e.Value,
        e => e.Key,
        StringComparer.Ordinal
    );

    private static readonly Dictionary<string, Type> TypesByUrn = Exchanges.Keys.ToDictionary(UrnOf, c => c, StringComparer.Ordinal);

    /// <summary>Every contract that crosses the broker, in or out.</summary>
    public static IReadOnlyCollection<Type> Contracts => Exchanges.Keys;

    /// <summary>The exchange a contract is published to.</summary>
    /// <exception cref="InvalidOperationException">The type is not a contract.</exception>
    public static string ExchangeFor(Type messageType) =>
        Exchanges.TryGetValue(messageType, out var exchange)
            ? exchange
            : throw new InvalidOperationException($"{messageType.Name} has no exchange: add it to {nameof(ContractExchanges)}.");

    /// <summary>The contract whose exchange this is, or null for any other exchange.</summary>
    public static Type? TypeOfExchange(string? exchange) =>
        exchange is not null && TypesByExchange.TryGetValue(exchange, out var type) ? type : null;

    /// <summary>
    /// The URN a MassTransit envelope names a contract by in its <c>messageType</c> list
    /// (<c>urn:message:Messaging.Contracts.Earning:OrderCompleted</c>): contracts are neither generic nor nested.
    /// </summary>
    public static string UrnOf(Type contract) => $"urn:message:{contract.Namespace}:{contract.Name}";

    /// <summary>The contract an envelope's URN names, or null when it names none of ours.</summary>
    public static Type? TypeOfUrn(string urn) => TypesByUrn.GetValueOrDefault(urn);
}
