using Messaging.Api.Commands;
using Microsoft.Extensions.Options;
using RabbitMQ.Client;

namespace Messaging.Api.Health;

// Opened when first asked for and again when it has closed, so readiness follows the broker down and back up by itself.
public sealed class BrokerConnection(IOptions<BrokerOptions> options) : IAsyncDisposable
{
    private readonly SemaphoreSlim _gate = new(1, 1);
    private IConnection? _connection;

    /// <exception cref="RabbitMQ.Client.Exceptions.BrokerUnreachableException">The broker does not answer, or refuses the user.</exception>
    public async Task<IConnection> OpenAsync(CancellationToken cancellationToken = default)
    {
        await _gate.WaitAsync(cancellationToken);
        try
        {
            if (_connection is { IsOpen: true } open)
            {
                return open;
            }

            if (_connection is not null)
            {
                await _connection.DisposeAsync();
                _connection = null;
            }

            return _connection = await options.Value.ConnectionFactory("ledger-api-readiness").CreateConnectionAsync(cancellationToken);
        }
        finally
        {
            _gate.Release();
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (_connection is not null)
        {
            await _connection.DisposeAsync();
        }

        _gate.Dispose();
    }
}
