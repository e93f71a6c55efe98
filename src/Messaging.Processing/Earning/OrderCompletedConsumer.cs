using MassTransit;
using Messaging.Contracts.Earning;
using Messaging.Ledger.Accounts;
using Messaging.Ledger.Earning;
using Messaging.Ledger.Writing;
using Messaging.Processing.Pipeline.Diagnostics;
using Messaging.Processing.Pipeline.Transactions;
using Microsoft.Extensions.Logging;

namespace Messaging.Processing.Earning;

public sealed partial class OrderCompletedConsumer(
    OrderEarningPolicy policy,
    TransactionalLedger ledger,
    TimeProvider clock,
    ProcessingMetrics metrics,
    CrashPoints crashPoints,
    ILogger<OrderCompletedConsumer> logger
) : IConsumer<OrderCompleted>
{
    public async Task Consume(ConsumeContext<OrderCompleted> context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var order = context.Message;
        crashPoints.Handling(order.OrderId);
        var command = policy.Plan(order);
        if (command is null)
        {
            LogNoPoints(order.OrderId, order.Amount, order.Currency);
            return;
        }

        var outcome = await ledger.ApplyAsync(context, command, applied => PointsEarnedFor(order, applied));
        if (outcome.Kind == LedgerOutcomeKind.AlreadyApplied)
        {
            LogAlreadyApplied(order.OrderId, context.MessageId);
        }
        else
        {
            var points = outcome.AppliedEntries.Sum(e => e.Amount);
            metrics.Credited(points);
            LogEarned(order.OrderId, order.UserId, points, outcome.BalancesAfter[AccountRef.UserWallet(order.UserId).Code]);
        }
    }

    private PointsEarned PointsEarnedFor(OrderCompleted order, LedgerOutcome outcome)
    {
        var points = outcome.AppliedEntries[0].Amount;
        var bonus = outcome.AppliedEntries.Skip(1).Sum(e => e.Amount);
        var balance = outcome.BalancesAfter[AccountRef.UserWallet(order.UserId).Code];
        return new PointsEarned(order.OrderId, order.UserId, points, bonus, balance, clock.GetUtcNow());
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Order {OrderId} earned no points ({Amount} {Currency}); nothing recorded")]
    private partial void LogNoPoints(string orderId, decimal amount, string currency);

    [LoggerMessage(
        Level = LogLevel.Debug,
        Message = "Order {OrderId} was already applied; message {MessageId} acknowledged without effect"
    )]
    private partial void LogAlreadyApplied(string orderId, Guid? messageId);

    [LoggerMessage(Level = LogLevel.Debug, Message = "Order {OrderId} credited {Points} points to user {UserId}; balance {Balance}")]
    private partial void LogEarned(string orderId, string userId, long points, long balance);
}
