using System.Text.Json;
using Messaging.Ledger.Persistence.Migrations;
using Messaging.Operations.Endpoints;

namespace Messaging.IntegrationTests.Processing;

/// <summary>
/// One inbox-key rule for every transactional endpoint: (message id, the endpoint's stable name), never the
/// queue's name, so renaming a queue does not make consumed messages look new; keys written under the queue's
/// name by earlier versions are moved by a migration and still recognised.
/// </summary>
[Collection(ProcessingCollection.Name)]
public sealed class InboxKeyTests(ServersFixture servers) : ProcessorTest(servers)
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task Should_key_the_inbox_by_the_endpoint_name_and_not_the_queue_when_a_saga_message_is_consumed()
    {
        await RedemptionMessages.AddRewardAsync(Servers.DataSource, "coffee", 100);
        await RedemptionMessages.CreditAsync(Servers.DataSource, "u-1", 500);
        var outcomes = await Broker.SubscribeOutcomesAsync();
        await using var processor = await InProcessProcessor.StartAsync(Servers);
        var messageId = Guid.NewGuid();
        var redemptionId = Guid.NewGuid();

        await Broker.PublishJsonAsync(
            RedemptionMessages.RequestExchange,
            RedemptionMessages.Request(redemptionId, "u-1", "coffee"),
            messageId
        );
        await outcomes.AwaitAsync(redemptionId, Timeout);

        Assert.Equal(1, await InboxRowsAsync(messageId, LedgerEndpoints.Redemptions.Inbox));
        Assert.Equal(0, await InboxRowsAsync(messageId, LedgerEndpoints.Redemptions.Queue));
    }

    [Fact]
    public async Task Should_recognise_a_message_consumed_before_the_upgrade_when_its_inbox_row_named_the_queue()
    {
        // As an earlier version left it: the mark-used message was consumed, keyed by the queue's name.
        var messageId = Guid.NewGuid();
        await ExecuteAsync(
            $"INSERT INTO inbox_state (message_id, consumer_id) VALUES ('{messageId}', '{LedgerEndpoints.MarkRedemptionUsed.Queue}')"
        );
        await ExecuteAsync(InboxConsumerNamesSql.Rename);
        Assert.Equal(1, await InboxRowsAsync(messageId, LedgerEndpoints.MarkRedemptionUsed.Inbox));

        // One message at a time, in queue order: when the probe is refused, the old message was handled before it.
        await using var processor = await InProcessProcessor.StartAsync(
            Servers,
            new Dictionary<string, string?> { ["Redemptions:ConcurrentMessageLimit"] = "1" }
        );
        var unknown = JsonSerializer.Serialize(
            new { redemptionId = Guid.NewGuid(), usedAt = DateTimeOffset.UtcNow },
            new JsonSerializerOptions(JsonSerializerDefaults.Web)
        );
        await Broker.PublishJsonAsync("mark-redemption-used", unknown, messageId);
        var probe = Guid.NewGuid();
        await Broker.PublishJsonAsync("mark-redemption-used", unknown, probe);

        // The probe (a new message id) is refused as an unknown redemption; the redelivery of the old one is not:
        // it was recognised as consumed and acknowledged without effect.
        await Eventually.HoldsAsync(async () => await Broker.CountAsync("ledger-redemption-use_error") >= 1, Timeout, "the probe refused");
        var refused = await Broker.DrainAsync("ledger-redemption-use_error");
        Assert.Equal([probe.ToString()], refused.Select(m => m.MessageId));
    }

    private Task<long> InboxRowsAsync(Guid messageId, string consumer) =>
        Ledger.ScalarAsync(
            "SELECT count(*) FROM inbox_state WHERE message_id = @id AND consumer_id = @consumer",
            ("id", messageId),
            ("consumer", consumer)
        );

    private async Task ExecuteAsync(string sql)
    {
        await using var command = Servers.DataSource.CreateCommand(sql);
        await command.ExecuteNonQueryAsync();
    }
}
