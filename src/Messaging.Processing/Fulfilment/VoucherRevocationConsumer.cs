using MassTransit;
using Messaging.Contracts.Redemption;
using Messaging.Processing.Transactions;
using Npgsql;

namespace Messaging.Processing.Fulfilment;

/// <summary>Takes back a built-in voucher issued for a redemption that had already failed (the user was not charged).</summary>
public sealed class VoucherRevocationConsumer : IConsumer<RewardRevocationRequested>
{
    private const string RevokeSql = "UPDATE issued_vouchers SET revoked_at = now() WHERE redemption_id = @redemption AND revoked_at IS NULL";

    public async Task Consume(ConsumeContext<RewardRevocationRequested> context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var transaction = context.GetPayload<MessageTransaction>();
        await using var command = new NpgsqlCommand(RevokeSql, transaction.Connection);
        command.Parameters.AddWithValue("redemption", context.Message.RedemptionId);
        await command.ExecuteNonQueryAsync(context.CancellationToken);
    }
}
