using MassTransit;
using Messaging.Contracts.Redemption;
using Messaging.Processing.Transactions;
using Npgsql;

namespace Messaging.Processing.Fulfilment;

/// <summary>
/// The built-in fulfilment for voucher rewards: issues one unique code per redemption and answers
/// <see cref="RewardIssued"/>. Asked again for the same redemption, it answers with the same code.
/// </summary>
public sealed class VoucherIssueConsumer(TimeProvider clock) : IConsumer<IssueReward>
{
    private const string IssueSql = """
        INSERT INTO issued_vouchers (code, redemption_id, reward_id) VALUES (@code, @redemption, @reward)
        ON CONFLICT (redemption_id) DO NOTHING;
        SELECT code FROM issued_vouchers WHERE redemption_id = @redemption;
        """;

    public async Task Consume(ConsumeContext<IssueReward> context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var request = context.Message;
        var transaction = context.GetPayload<MessageTransaction>();
        await using var command = new NpgsqlCommand(IssueSql, transaction.Connection);
        command.Parameters.AddWithValue("code", VoucherCodes.Next());
        command.Parameters.AddWithValue("redemption", request.RedemptionId);
        command.Parameters.AddWithValue("reward", request.RewardId);
        var code = (string)(await command.ExecuteScalarAsync(context.CancellationToken))!;
        await context.Publish(new RewardIssued(request.RedemptionId, code, $"Voucher for reward {request.RewardId}", clock.GetUtcNow()));
    }
}
