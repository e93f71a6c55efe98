using System.Diagnostics;
using System.Text;
using System.Text.Json;
using Messaging.Ledger.Refusals;
using Messaging.Operations.Broker;
using Messaging.Operations.DeadLetters;
using Npgsql;
using RabbitMQ.Client;
using RabbitMQ.Client.Exceptions;

namespace Messaging.Admin.Tenants;

// Sends an admin command exactly as the contract says (plain JSON, persistent, a message id, and the AMQP user_id of the admin's own
// broker user, which RabbitMQ checks) and waits for the outcome event naming the command's id, or a refusal the ledger recorded for
// its key. Listening starts before sending, so no answer is missed.
internal sealed class AdminCommandSender(DeadLetterBroker broker, NpgsqlDataSource ledger)
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    /// <summary>Declares a private queue on the outcome exchange; only answers published from now on reach it.</summary>
    public async Task<string> ListenAsync(string outcomeExchange, CancellationToken cancellationToken)
    {
        // Passive: only the processor may declare the shared exchanges (eng/rabbitmq/users.tsv).
        try
        {
            await broker.Channel.ExchangeDeclarePassiveAsync(outcomeExchange, cancellationToken);
        }
        catch (OperationInterruptedException ex) when (ex.ShutdownReason?.ReplyCode == 404)
        {
            throw new BrokerProblemException(
                BrokerProblemKind.NotFound,
                $"The exchange '{outcomeExchange}' does not exist: start the processor once (`bash "
                    + "eng/run.sh`) so it declares its exchanges and queues, then send the command again.",
                ex
            );
        }
        var queue = await broker.Channel.QueueDeclareAsync(
            "",
            durable: false,
            exclusive: true,
            autoDelete: true,
            cancellationToken: cancellationToken
        );
        await broker.Channel.QueueBindAsync(queue.QueueName, outcomeExchange, "", cancellationToken: cancellationToken);
        return queue.QueueName;
    }

    /// <exception cref="BrokerProblemException">The broker did not take it: no queue on the exchange, or no confirm.</exception>
    public async Task<Guid> SendAsync(string exchange, object command, CancellationToken cancellationToken)
    {
        var messageId = Guid.NewGuid();
        var properties = new BasicProperties
        {
            ContentType = "application/json",
            DeliveryMode = DeliveryModes.Persistent,
            MessageId = messageId.ToString(),
            UserId = broker.Settings.User,
        };
        try
        {
            await broker.Channel.BasicPublishAsync(
                exchange,
                "",
                mandatory: true,
                properties,
                Encoding.UTF8.GetBytes(JsonSerializer.Serialize(command, Json)),
                cancellationToken
            );
        }
        catch (PublishException ex)
        {
            throw new BrokerProblemException(
                ex.IsReturn ? BrokerProblemKind.NotFound : BrokerProblemKind.Unreachable,
                ex.IsReturn
                    ? $"Nothing reads exchange '{exchange}' yet, so the command was not sent. Start the processor "
                        + "once (`bash eng/run.sh`) so it declares its queues, then send it again."
                    : $"The broker did not confirm the command on '{exchange}'; it may not have been sent. Send "
                        + "it again with the same id: it is applied once.",
                ex
            );
        }

        return messageId;
    }

    /// <returns>The answer, or the refusal recorded for <paramref name="key"/>, or null at the deadline.</returns>
    public async Task<CommandAnswer?> AwaitAsync(
        string queue,
        string idProperty,
        string id,
        string key,
        DateTimeOffset sentAt,
        TimeSpan wait,
        CancellationToken cancellationToken
    )
    {
        var clock = Stopwatch.StartNew();
        while (clock.Elapsed < wait)
        {
            while (await broker.Channel.BasicGetAsync(queue, autoAck: true, cancellationToken) is { } delivery)
            {
                var answer = JsonDocument.Parse(delivery.Body).RootElement.Clone();
                if (answer.TryGetProperty(idProperty, out var value) && value.GetString() == id)
                {
                    return new CommandAnswer(answer, null, null);
                }
            }

            if (await LedgerRefusals.LatestAsync(ledger, key, sentAt, cancellationToken) is { } refusal)
            {
                return new CommandAnswer(null, refusal.Code, refusal.Reason);
            }

            await Task.Delay(TimeSpan.FromMilliseconds(200), cancellationToken);
        }

        return null;
    }
}
