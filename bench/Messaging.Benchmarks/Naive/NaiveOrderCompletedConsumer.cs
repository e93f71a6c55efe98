using MassTransit;
using Messaging.Contracts.Earning;
using Microsoft.EntityFrameworkCore;

namespace Messaging.Benchmarks.Naive;

/// <summary>
/// What a typical user writes: load the wallet, add the entry and its postings, bump the balance,
/// SaveChanges (one transaction per message), then publish the event. No inbox, no outbox, no bonuses.
/// </summary>
public sealed class NaiveOrderCompletedConsumer(NaiveLedgerDbContext db) : IConsumer<OrderCompleted>
{
    public async Task Consume(ConsumeContext<OrderCompleted> context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var order = context.Message;
        var points = (long)decimal.Floor(order.Amount);

        var wallet = await db.Wallets.SingleOrDefaultAsync(w => w.UserId == order.UserId, context.CancellationToken);
        if (wallet is null)
        {
            wallet = new NaiveWallet { UserId = order.UserId };
            db.Wallets.Add(wallet);
        }

        wallet.Balance += points;
        var entry = new NaiveJournalEntry
        {
            OrderId = order.OrderId,
            UserId = order.UserId,
            Points = points,
            OccurredAt = order.OccurredAt,
            RecordedAt = DateTimeOffset.UtcNow,
        };
        entry.Postings.Add(new NaivePosting { Account = "platform:issuance", Amount = -points });
        entry.Postings.Add(new NaivePosting { Account = $"user:{order.UserId}:wallet", Amount = points });
        db.JournalEntries.Add(entry);
        await db.SaveChangesAsync(context.CancellationToken);

        await context.Publish(
            new PointsEarned(order.OrderId, order.UserId, points, 0, wallet.Balance, DateTimeOffset.UtcNow),
            context.CancellationToken
        );
    }
}
