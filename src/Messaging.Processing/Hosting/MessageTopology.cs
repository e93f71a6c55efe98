using MassTransit;
using Messaging.Contracts.Attendance;
using Messaging.Contracts.Earning;
using Messaging.Contracts.Quotas;
using Messaging.Contracts.Redemption;
using Messaging.Contracts.Tenants;

namespace Messaging.Processing.Hosting;

/// <summary>
/// Exchange names for every contract: short, language-neutral names that non-.NET producers can
/// publish to (documented in <c>contracts/README.md</c>), instead of MassTransit's CLR-type names.
/// </summary>
public static class MessageTopology
{
    public const string OrderCompletedExchange = "order-completed";
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
    };

    private static readonly Dictionary<string, Type> TypesByExchange = Exchanges.ToDictionary(e => e.Value, e => e.Key, StringComparer.Ordinal);

    /// <summary>Every contract that crosses the broker, in or out.</summary>
    public static IReadOnlyCollection<Type> Contracts => Exchanges.Keys;

    public static string ExchangeFor(Type messageType) =>
        Exchanges.TryGetValue(messageType, out var exchange)
            ? exchange
            : throw new InvalidOperationException($"{messageType.Name} has no exchange: add it to {nameof(MessageTopology)}.");

    /// <summary>The contract whose exchange this is, or null for any other exchange.</summary>
    public static Type? TypeOfExchange(string? exchange) =>
        exchange is not null && TypesByExchange.TryGetValue(exchange, out var type) ? type : null;

    /// <summary>
    /// Names every contract's exchange, and declares them all when the bus starts: only the processor may declare the
    /// shared exchanges (eng/rabbitmq/users.tsv), so an app that listens for an outcome before the first one was ever
    /// published must find its exchange there.
    /// </summary>
    public static void Apply(IRabbitMqBusFactoryConfigurator bus)
    {
        ArgumentNullException.ThrowIfNull(bus);
        bus.DeployPublishTopology = true;
        Name<OrderCompleted>(bus);
        Name<PointsEarned>(bus);
        Name<RedeemRequested>(bus);
        Name<IssueReward>(bus);
        Name<RewardIssued>(bus);
        Name<RewardIssueFailed>(bus);
        Name<RedemptionCompleted>(bus);
        Name<RedemptionFailed>(bus);
        Name<RedemptionRejected>(bus);
        Name<RewardRevocationRequested>(bus);
        Name<RedemptionDeadlinePassed>(bus);
        Name<MarkRedemptionUsed>(bus);
        Name<RedemptionUsed>(bus);
        Name<RedemptionExpired>(bus);
        Name<AllocateToTenant>(bus);
        Name<TenantAllocated>(bus);
        Name<ClawbackFromTenant>(bus);
        Name<TenantClawedBack>(bus);
        Name<GrantRecognition>(bus);
        Name<RecognitionGranted>(bus);
        Name<RecognitionRejected>(bus);
        Name<TokensDeductRequested>(bus);
        Name<TokensDeducted>(bus);
        Name<TokensDeductRejected>(bus);
        Name<QuotaThresholdReached>(bus);
        Name<EventAttended>(bus);
        Name<AttendancePointsEarned>(bus);
        Name<StreakExtended>(bus);
        Name<StreakBroken>(bus);
        Name<BadgeAwarded>(bus);
    }

    private static void Name<T>(IRabbitMqBusFactoryConfigurator bus)
        where T : class
    {
        bus.Message<T>(m => m.SetEntityName(ExchangeFor(typeof(T))));
        // Registers the contract in the publish topology, which DeployPublishTopology declares at start.
        bus.Publish<T>(_ => { });
    }
}
