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

        var asked = command.Primary.Postings.Where(p => p.Amount > 0).Sum(p => p.Amount);
        var outcome = await ledger.ApplyAsync(context, command, decided => PointsEarnedFor(order, asked, decided));
        if (outcome.Kind == LedgerOutcomeKind.AlreadyApplied)
        {
            LogAlreadyApplied(order.OrderId, context.MessageId);
        }
        else if (outcome.Kind == LedgerOutcomeKind.Refused)
        {
            LogCapped(order.OrderId, order.UserId, outcome.RefusalCode);
        }
        else
        {
            var points = outcome.AppliedEntries.Sum(e => e.Amount);
            metrics.Credited(points);
            LogEarned(order.OrderId, order.UserId, points, outcome.BalancesAfter[AccountRef.UserWallet(order.UserId).Code]);
        }
    }

    // Refused only by an earning cap with no room left: announced as an order that earned nothing, every point cut.
    private PointsEarned PointsEarnedFor(OrderCompleted order, long asked, LedgerOutcome outcome)
    {
        var points = outcome.AppliedEntries.Count == 0 ? 0 : outcome.AppliedEntries[0].Amount;
        var bonus = outcome.AppliedEntries.Skip(1).Sum(e => e.Amount);
        var balance = outcome.BalancesAfter[AccountRef.UserWallet(order.UserId).Code];
        return new PointsEarned(order.OrderId, order.UserId, points, bonus, balance, clock.GetUtcNow(), asked - points);
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Order {OrderId} earned no points ({Amount} {Currency}); nothing recorded")]
    private partial void LogNoPoints(string orderId, decimal amount, string currency);

    [LoggerMessage(
        Level = LogLevel.Debug,
        Message = "Order {OrderId} was already applied; message {MessageId} acknowledged without effect"
    )]
    private partial void LogAlreadyApplied(string orderId, Guid? messageId);

    [LoggerMessage(Level = LogLevel.Information, Message = "Order {OrderId} of user {UserId} earned nothing: {RefusalCode}")]
    private partial void LogCapped(string orderId, string userId, string? refusalCode);

    [LoggerMessage(Level = LogLevel.Debug, Message = "Order {OrderId} credited {Points} points to user {UserId}; balance {Balance}")]
    private partial void LogEarned(string orderId, string userId, long points, long balance);
}
