using Messaging.Operations.Broker;
using Messaging.Operations.Queues;
using RabbitMQ.Client;

namespace Messaging.Admin.Queues;

// Redeclares a queue with new arguments without losing a message, with every consumer stopped. RabbitMQ cannot change a queue's
// arguments in place, so: a holding queue Q.migrating takes over Q's bindings (what is published meanwhile lands there), Q's messages
// move to it, Q is deleted and declared anew with its bindings, and the held messages move back. Every move is publish, confirm, then
// ack, so a crash leaves a message in one queue or (at worst) both, never neither: the processor's inbox makes a duplicate harmless.
// Running it again after an interruption resumes.
internal sealed class QueueMigration(BrokerManagement management, IChannel channel)
{
    public static string HoldingQueueFor(string queue) => queue + QueueReview.MigratingSuffix;

    /// <returns>How many messages it moved out and back.</returns>
    public async Task<long> MigrateAsync(
        string queue,
        Dictionary<string, object?> arguments,
        Action<long> progress,
        CancellationToken cancellationToken
    )
    {
        var holding = HoldingQueueFor(queue);
        var queueExists = await ExistsAsync(queue, cancellationToken);
        var bindings = (queueExists ? await management.BindingsAsync(queue, cancellationToken) : [])
            .Concat(await ExistsAsync(holding, cancellationToken) ? await management.BindingsAsync(holding, cancellationToken) : [])
            .DistinctBy(b => (b.Exchange, b.RoutingKey))
            .ToList();

        // The holding queue must never drop what it holds: quorum, with a limit nothing reaches, no dead-lettering.
        await channel.QueueDeclareAsync(
            holding,
            durable: true,
            exclusive: false,
            autoDelete: false,
            arguments: QueueArguments.ForParked(),
            cancellationToken: cancellationToken
        );
        foreach (var binding in bindings)
        {
            await channel.QueueBindAsync(
                holding,
                binding.Exchange,
                binding.RoutingKey,
                Table(binding.Arguments),
                cancellationToken: cancellationToken
            );
        }

        long moved = 0;
        if (queueExists)
        {
            foreach (var binding in bindings)
            {
                await channel.QueueUnbindAsync(queue, binding.Exchange, binding.RoutingKey, Table(binding.Arguments), cancellationToken);
            }

            moved += await DrainAndDeleteAsync(queue, holding, progress, cancellationToken);
        }

        await channel.QueueDeclareAsync(
            queue,
            durable: true,
            exclusive: false,
            autoDelete: false,
            arguments: arguments,
            cancellationToken: cancellationToken
        );
        foreach (var binding in bindings)
        {
            await channel.QueueBindAsync(
                queue,
                binding.Exchange,
                binding.RoutingKey,
                Table(binding.Arguments),
                cancellationToken: cancellationToken
            );
            await channel.QueueUnbindAsync(holding, binding.Exchange, binding.RoutingKey, Table(binding.Arguments), cancellationToken);
        }

        moved += await DrainAndDeleteAsync(holding, queue, progress, cancellationToken);
        return moved;
    }

    private async Task<long> MoveAllAsync(string from, string to, Action<long> progress, CancellationToken cancellationToken)
    {
        long moved = 0;
        while (await channel.BasicGetAsync(from, autoAck: false, cancellationToken) is { } message)
        {
            // The broker's own delivery count starts again in the new queue; x-death (why a parked message was parked) stays.
            var properties = new BasicProperties(message.BasicProperties)
            {
                Headers = message
                    .BasicProperties.Headers?.Where(h => !string.Equals(h.Key, "x-delivery-count", StringComparison.OrdinalIgnoreCase))
                    .ToDictionary(h => h.Key, h => h.Value),
            };
            await channel.BasicPublishAsync("", to, mandatory: true, properties, message.Body, cancellationToken);
            await channel.BasicAckAsync(message.DeliveryTag, multiple: false, cancellationToken);
            progress(++moved);
        }

        return moved;
    }

    // Quorum queues refuse the broker's own if-empty / if-unused delete, so both are checked here, and the move repeated while messages
    // still arrive.
    private async Task<long> DrainAndDeleteAsync(string queue, string to, Action<long> progress, CancellationToken cancellationToken)
    {
        long moved = 0;
        for (var attempt = 0; attempt < 5; attempt++)
        {
            moved += await MoveAllAsync(queue, to, progress, cancellationToken);
            var state = await channel.QueueDeclarePassiveAsync(queue, cancellationToken);
            if (state.ConsumerCount > 0)
            {
                throw new BrokerProblemException(
                    BrokerProblemKind.Refused,
                    $"Queue '{queue}' has {state.ConsumerCount} consumer(s): stop every processor and consumer, "
                        + "then run `queues migrate` again (it resumes where it stopped)."
                );
            }

            if (state.MessageCount == 0)
            {
                await channel.QueueDeleteAsync(queue, ifUnused: false, ifEmpty: false, cancellationToken: cancellationToken);
                return moved;
            }
        }

        throw new BrokerProblemException(
            BrokerProblemKind.Refused,
            $"Messages keep arriving in '{queue}' although its bindings moved: something publishes straight to it (a dlq replay?). "
                + "Stop it, then run `queues migrate` again (it resumes where it stopped)."
        );
    }

    private async Task<bool> ExistsAsync(string queue, CancellationToken cancellationToken)
    {
        var queues = await management.QueuesAsync(cancellationToken);
        return queues.Any(q => q.Name == queue);
    }

    private static Dictionary<string, object?>? Table(IReadOnlyDictionary<string, object?> arguments) =>
        arguments.Count == 0 ? null : arguments.ToDictionary(a => a.Key, a => a.Value);
}
