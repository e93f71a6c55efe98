using System.Text;
using Messaging.Ledger.Commands;
using Microsoft.Extensions.Options;
using RabbitMQ.Client;
using RabbitMQ.Client.Exceptions;

namespace Messaging.Api.Commands;

// Publishes queued commands (CommandQueue) oldest first, with publisher confirms, under each command's own message id and the admin's
// user_id, and marks each sent once confirmed. After a crash between the confirm and the mark the command is published again under
// the same message id: the processor's inbox and the command's business key apply it once.
public sealed partial class CommandDispatcher(OperatorDatabase database, IOptions<BrokerOptions> options, ILogger<CommandDispatcher> logger)
    : BackgroundService
{
    private static readonly TimeSpan Poll = TimeSpan.FromMilliseconds(250);
    private static readonly TimeSpan RetryAfterFailure = TimeSpan.FromSeconds(3);

    private readonly SemaphoreSlim _wake = new(0);
    private IConnection? _connection;
    private IChannel? _channel;

    /// <summary>Asks for a pass now rather than at the next poll.</summary>
    public void Wake() => _wake.Release();

    public override void Dispose()
    {
        _channel?.Dispose();
        _connection?.Dispose();
        _wake.Dispose();
        base.Dispose();
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (database.DataSource is null)
        {
            return;
        }

        var queue = new CommandQueue(database.DataSource);
        while (!stoppingToken.IsCancellationRequested)
        {
            var wait = Poll;
            try
            {
                foreach (var command in await queue.UnsentAsync(100, stoppingToken))
                {
                    try
                    {
                        await PublishAsync(command, stoppingToken);
                        await queue.MarkSentAsync(command.Id, stoppingToken);
                    }
                    catch (Exception ex)
                        when (ex
                                is RabbitMQClientException
                                    or OperationInterruptedException
                                    or PublishException
                                    or IOException
                                    or TimeoutException
                        )
                    {
                        LogNotSent(command.MessageId, command.Exchange, ex.Message);
                        await queue.MarkFailedAsync(command.Id, ex.Message, stoppingToken);
                        await ResetAsync();
                        wait = RetryAfterFailure;
                        break;
                    }
                }
            }
            catch (Npgsql.NpgsqlException ex)
            {
                LogDatabaseAway(ex.Message);
                wait = RetryAfterFailure;
            }

            await _wake.WaitAsync(wait, stoppingToken);
        }
    }

    private async Task PublishAsync(QueuedCommand command, CancellationToken cancellationToken)
    {
        var settings = options.Value;
        if (_channel is not { IsOpen: true })
        {
            await ResetAsync();
            _connection = await settings.ConnectionFactory("ledger-api-commands").CreateConnectionAsync(cancellationToken);
            _channel = await _connection.CreateChannelAsync(
                new CreateChannelOptions(publisherConfirmationsEnabled: true, publisherConfirmationTrackingEnabled: true),
                cancellationToken
            );
        }

        var properties = new BasicProperties
        {
            ContentType = "application/json",
            DeliveryMode = DeliveryModes.Persistent,
            MessageId = command.MessageId.ToString(),
            UserId = settings.Username,
        };
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(TimeSpan.FromSeconds(30));
        await _channel!.BasicPublishAsync(
            command.Exchange,
            "",
            mandatory: true,
            properties,
            Encoding.UTF8.GetBytes(command.Body),
            timeout.Token
        );
    }

    private async Task ResetAsync()
    {
        if (_channel is not null)
        {
            await _channel.DisposeAsync();
            _channel = null;
        }

        if (_connection is not null)
        {
            await _connection.DisposeAsync();
            _connection = null;
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Command {MessageId} for {Exchange} not sent yet ({Reason}); trying again shortly")]
    private partial void LogNotSent(Guid messageId, string exchange, string reason);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Queued commands cannot be read ({Reason}); trying again shortly")]
    private partial void LogDatabaseAway(string reason);
}
