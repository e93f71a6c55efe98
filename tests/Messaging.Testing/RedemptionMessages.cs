using System.Text.Json;
using Messaging.Ledger.Writing;
using Npgsql;

namespace Messaging.Testing;

/// <summary>Redemption messages as any producer would publish them, the catalog and wallets to redeem from, and the outcomes.</summary>
public static class RedemptionMessages
{
    public const string RequestExchange = "redeem-requested";
    public const string Queue = "ledger-redemptions";
    public const string ErrorQueue = Queue + "_error";
    public const string Completed = "redemption-completed";
    public const string Failed = "redemption-failed";
    public const string Rejected = "redemption-rejected";
    public const string RevocationRequested = "reward-revocation-requested";
    public static readonly string[] Outcomes = [Completed, Failed, Rejected];

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public static string Request(Guid redemptionId, string userId, string rewardId, long? expectedPoints = null) =>
        JsonSerializer.Serialize(
            new
            {
                redemptionId,
                userId,
                rewardId,
                requestedAt = DateTimeOffset.UtcNow,
                expectedPoints,
            },
            Json
        );

    public static string Issued(Guid redemptionId, string? voucherCode = null) =>
        JsonSerializer.Serialize(
            new
            {
                redemptionId,
                voucherCode,
                details = "issued by test",
                occurredAt = DateTimeOffset.UtcNow,
            },
            Json
        );

    public static string IssueFailed(Guid redemptionId, string reason) =>
        JsonSerializer.Serialize(
            new
            {
                redemptionId,
                reason,
                occurredAt = DateTimeOffset.UtcNow,
            },
            Json
        );

    public static Task RequestAsync(this Broker broker, Guid redemptionId, string userId, string rewardId, long? expectedPoints = null) =>
        broker.PublishJsonAsync(RequestExchange, Request(redemptionId, userId, rewardId, expectedPoints), Guid.NewGuid());

    public static async Task AddRewardAsync(
        NpgsqlDataSource dataSource,
        string id,
        long cost,
        int? stock = null,
        bool active = true,
        string fulfilmentKind = "voucher",
        int validityDays = 30
    )
    {
        await using var command = dataSource.CreateCommand(
            "INSERT INTO rewards (id, name, cost, active, stock, validity_days, fulfilment_kind) "
                + "VALUES (@id, @name, @cost, @active, @stock, @validity, @kind)"
        );
        command.Parameters.AddWithValue("id", id);
        command.Parameters.AddWithValue("name", $"Reward {id}");
        command.Parameters.AddWithValue("cost", cost);
        command.Parameters.AddWithValue("active", active);
        command.Parameters.AddWithValue("stock", (object?)stock ?? DBNull.Value);
        command.Parameters.AddWithValue("validity", validityDays);
        command.Parameters.AddWithValue("kind", fulfilmentKind);
        await command.ExecuteNonQueryAsync();
    }

    public static async Task CreditAsync(NpgsqlDataSource dataSource, string userId, long points)
    {
        await using var connection = await dataSource.OpenConnectionAsync();
        await using var transaction = await connection.BeginTransactionAsync();
        await new LedgerBatchWriter().ApplyAsync(
            connection,
            [Entries.Earn($"seed-{Guid.NewGuid():N}", userId, points)],
            CancellationToken.None
        );
        await transaction.CommitAsync();
    }

    /// <summary>Subscribes to the three final outcomes; <see cref="OutcomeProbe.ForAsync"/> reads them back.</summary>
    public static async Task<OutcomeProbe> SubscribeOutcomesAsync(this Broker broker)
    {
        var queues = new Dictionary<string, string>();
        foreach (var exchange in Outcomes)
        {
            queues[exchange] = await broker.SubscribeAsync(exchange);
        }

        return new OutcomeProbe(broker, queues);
    }
}
