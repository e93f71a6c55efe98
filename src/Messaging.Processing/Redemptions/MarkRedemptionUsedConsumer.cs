using MassTransit;
using Messaging.Contracts.Redemption;
using Messaging.Processing.Faults;
using Messaging.Processing.Transactions;
using Microsoft.Extensions.Logging;
using Npgsql;

namespace Messaging.Processing.Redemptions;

/// <summary>
/// Marks a completed redemption used, once, and announces it with <see cref="RedemptionUsed"/>. Marking it
/// again changes nothing; an unknown or expired redemption is refused with the reason.
/// </summary>
public sealed partial class MarkRedemptionUsedConsumer(TimeProvider clock, ILogger<MarkRedemptionUsedConsumer> logger) : IConsumer<MarkRedemptionUsed>
{
    public const string QueueName = "ledger-redemption-use";

    private const string MarkSql = """
        UPDATE redemptions SET status = 'used', is_used = true, used_at = @used_at
        WHERE id = @id AND status = 'active' AND expires_at > @now
        RETURNING user_id, reward_id
        """;

    private const string StatusSql = "SELECT status, expires_at FROM redemptions WHERE id = @id";

    public async Task Consume(ConsumeContext<MarkRedemptionUsed> context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var request = context.Message;
        var connection = context.GetPayload<MessageTransaction>().Connection;
        var now = clock.GetUtcNow();

        await using (var mark = new NpgsqlCommand(MarkSql, connection))
        {
            mark.Parameters.AddWithValue("id", request.RedemptionId);
            mark.Parameters.AddWithValue("used_at", request.UsedAt.ToUniversalTime());
            mark.Parameters.AddWithValue("now", now);
            await using var reader = await mark.ExecuteReaderAsync(context.CancellationToken);
            if (await reader.ReadAsync(context.CancellationToken))
            {
                var used = new RedemptionUsed(request.RedemptionId, reader.GetString(0), reader.GetString(1), request.UsedAt, now);
                await reader.DisposeAsync();
                await context.Publish(used);
                return;
            }
        }

        await using var status = new NpgsqlCommand(StatusSql, connection);
        status.Parameters.AddWithValue("id", request.RedemptionId);
        await using var found = await status.ExecuteReaderAsync(context.CancellationToken);
        if (!await found.ReadAsync(context.CancellationToken))
        {
            throw new MessageRejectedException("unknown_redemption",
                $"There is no completed redemption {request.RedemptionId}: check the id (a rejected or failed redemption cannot be used).");
        }

        if (found.GetString(0) == Ledger.Redemptions.RedemptionStatuses.Used)
        {
            LogAlreadyUsed(request.RedemptionId);
            return;
        }

        throw new MessageRejectedException("redemption_expired",
            $"Redemption {request.RedemptionId} expired at {found.GetFieldValue<DateTimeOffset>(1):O} and can no longer be used.");
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Redemption {RedemptionId} was already used; nothing changed")]
    private partial void LogAlreadyUsed(Guid redemptionId);
}
