using Messaging.Operations.Broker;
using RabbitMQ.Client;
using RabbitMQ.Client.Exceptions;

namespace Messaging.Operations.DeadLetters;

// The broker as the dead-letter commands see it: the management API for the list of dead-letter queues, browses that remove nothing
// (DeadLetterBrowse), and one AMQP channel with publisher confirms to re-publish on.
public sealed class DeadLetterBroker : IAsyncDisposable
{
    private readonly RabbitSettings _settings;
    private readonly IConnection _connection;
    private readonly IChannel _channel;

    private DeadLetterBroker(RabbitSettings settings, IConnection connection, IChannel channel)
    {
        _settings = settings;
        _connection = connection;
        _channel = channel;
    }

    public RabbitSettings Settings => _settings;

    /// <summary>Publisher confirms are on; queue migration moves messages on it too.</summary>
    public IChannel Channel => _channel;

    /// <summary><paramref name="clientName"/> is how the connection shows in the management UI (which tool holds the messages).</summary>
    public static async Task<DeadLetterBroker> ConnectAsync(RabbitSettings settings, string clientName, CancellationToken cancellationToken)
    {
        var factory = new ConnectionFactory
        {
            HostName = settings.Host,
            Port = settings.AmqpPort,
            VirtualHost = settings.VirtualHost,
            UserName = settings.User,
            Password = settings.Password,
            ClientProvidedName = clientName,
            RequestedConnectionTimeout = TimeSpan.FromSeconds(5),
        };
        try
        {
            var connection = await factory.CreateConnectionAsync(cancellationToken);
            var channel = await connection.CreateChannelAsync(
                new CreateChannelOptions(publisherConfirmationsEnabled: true, publisherConfirmationTrackingEnabled: true),
                cancellationToken
            );
            return new DeadLetterBroker(settings, connection, channel);
        }
        catch (BrokerUnreachableException ex)
            when (ex.InnerException is AuthenticationFailureException || ex.InnerException?.InnerException is AuthenticationFailureException
            )
        {
            throw BrokerManagement.CredentialsRefused(settings, ex);
        }
        catch (OperationInterruptedException ex) when (ex.ShutdownReason?.ReplyCode == 530)
        {
            throw new BrokerProblemException(
                BrokerProblemKind.NotFound,
                $"RabbitMQ refused virtual host '{settings.VirtualHost}' ({ex.ShutdownReason.ReplyText}): "
                    + $"it does not exist or user '{settings.User}' has no permission on it. "
                    + $"Set the processor's virtual host with {settings.Fix.VirtualHost}.",
                ex
            );
        }
        catch (BrokerUnreachableException ex)
        {
            throw new BrokerProblemException(
                BrokerProblemKind.Unreachable,
                $"Cannot open an AMQP connection to RabbitMQ at {settings.Host}:{settings.AmqpPort}, "
                    + $"virtual host '{settings.VirtualHost}' ({Innermost(ex).Message}). "
                    + $"Start it with `bash eng/servers.sh up`, or set {settings.Fix.Host} and {settings.Fix.VirtualHost}.",
                ex
            );
        }
    }

    /// <summary>
    /// Ready messages are exact; HeldElsewhere is the management API's figure (a few seconds old) for those another client holds
    /// unacknowledged, which a browse cannot see until that client lets go.
    /// </summary>
    public async Task<IReadOnlyList<(string Queue, long Messages, long HeldElsewhere)>> DeadLetterQueuesAsync(
        CancellationToken cancellationToken
    )
    {
        using var management = new BrokerManagement(_settings);
        var queues = new List<(string, long, long)>();
        foreach (
            var queue in (await management.QueuesAsync(cancellationToken))
                .Where(q => q.IsParked)
                .OrderBy(q => q.Name, StringComparer.Ordinal)
        )
        {
            queues.Add((queue.Name, await CountAsync(queue.Name, cancellationToken), queue.Unacknowledged));
        }

        return queues;
    }

    public async Task<DeadLetterBrowse> BrowseAsync(string queue, CancellationToken cancellationToken) =>
        await DeadLetterBrowse.OpenAsync(_connection, queue, await CountAsync(queue, cancellationToken), cancellationToken);

    /// <summary>Through the default exchange; waits for the broker's confirm.</summary>
    /// <exception cref="BrokerProblemException">The re-publish was not confirmed.</exception>
    public async Task RepublishAsync(DeadLetter letter, string sourceQueue, CancellationToken cancellationToken)
    {
        var properties = new BasicProperties(letter.Properties) { Headers = letter.ReplayHeaders() };
        // Published as this tool's broker user, which is not the producer's: a user_id kept from the producer would be refused.
        ParkedHeaders.Strip(properties);
        try
        {
            // mandatory: a missing source queue comes back as a return, which the client reports as a failed publish.
            await _channel.BasicPublishAsync("", sourceQueue, mandatory: true, properties, letter.Body, cancellationToken);
        }
        catch (PublishException ex)
        {
            throw new BrokerProblemException(
                ex.IsReturn ? BrokerProblemKind.NotFound : BrokerProblemKind.Unreachable,
                ex.IsReturn
                    ? $"The broker could not route message {letter.MessageId} to queue '{sourceQueue}': the queue "
                        + "does not exist. Start the processor once so it declares its queues, then replay again."
                    : $"The broker did not confirm the re-publish of message {letter.MessageId} to "
                        + $"'{sourceQueue}'; it stays in '{letter.Queue}'. Check the broker's logs and replay again.",
                ex
            );
        }
    }

    /// <summary>Publishes a purged message back to the queue it failed in, as this tool's broker user; confirmed, or it throws.</summary>
    public async Task RestoreAsync(ArchivedLetter letter, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(letter);
        var properties = new BasicProperties
        {
            MessageId = letter.MessageId,
            ContentType = letter.ContentType,
            // Only a plain type name (RedeemRequested) was the AMQP type; one read from MassTransit's headers (urn:message:…) or derived
            // from the queue's name (queue:…) was not, and the processor's gate would refuse it as a type.
            Type = letter.Type.Contains(':', StringComparison.Ordinal) ? null : letter.Type,
            DeliveryMode = DeliveryModes.Persistent,
            Headers = letter.RestoreHeaders(),
        };
        try
        {
            await _channel.BasicPublishAsync("", letter.SourceQueue, mandatory: true, properties, letter.BodyBytes(), cancellationToken);
        }
        catch (PublishException ex)
        {
            throw new BrokerProblemException(
                ex.IsReturn ? BrokerProblemKind.NotFound : BrokerProblemKind.Unreachable,
                ex.IsReturn
                    ? $"The broker could not route message {letter.MessageId} to queue '{letter.SourceQueue}': the queue does not exist. "
                        + "Start the processor once so it declares its queues, then restore again."
                    : $"The broker did not confirm the restore of message {letter.MessageId} to '{letter.SourceQueue}'. Check the "
                        + "broker's logs and restore again (the ledger applies a message once, so one restored twice is harmless).",
                ex
            );
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _channel.DisposeAsync();
        await _connection.DisposeAsync();
    }

    /// <summary>Exact, unlike the management API's sampled figure; 0 when the queue does not exist.</summary>
    public async Task<uint> ConsumersAsync(string queue, CancellationToken cancellationToken) =>
        (await DeclarePassiveAsync(queue, cancellationToken))?.ConsumerCount ?? 0;

    private async Task<long> CountAsync(string queue, CancellationToken cancellationToken) =>
        (await DeclarePassiveAsync(queue, cancellationToken))?.MessageCount ?? 0;

    // Exact figures (the management API's lag by its statistics interval). A throwaway channel, because a failed passive declare closes its
    // channel.
    private async Task<QueueDeclareOk?> DeclarePassiveAsync(string queue, CancellationToken cancellationToken)
    {
        await using var channel = await _connection.CreateChannelAsync(cancellationToken: cancellationToken);
        try
        {
            return await channel.QueueDeclarePassiveAsync(queue, cancellationToken);
        }
        catch (OperationInterruptedException)
        {
            return null;
        }
    }

    private static Exception Innermost(Exception ex)
    {
        while (ex.InnerException is not null)
        {
            ex = ex.InnerException;
        }

        return ex;
    }
}
