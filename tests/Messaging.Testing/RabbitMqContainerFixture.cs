using System.Globalization;
using System.Net;
using DotNet.Testcontainers.Containers;
using Testcontainers.RabbitMq;

namespace Messaging.Testing;

/// <summary>
/// The servers with a RabbitMQ broker of its own in a container, one the tests may restart: its ports are chosen
/// before it starts, so a restart keeps them and clients reconnect where they were. Images are built locally by
/// <c>eng/images.sh</c> (no registry is reachable here); the image variable names another, e.g. an official one.
/// </summary>
public abstract class RabbitMqContainerFixture : ServersFixture
{
    private const ushort ManagementPort = 15672;

    private readonly int _amqpHostPort = LoopbackPorts.Free();
    private readonly int _managementHostPort = LoopbackPorts.Free();
    private RabbitMqContainer? _container;

    /// <summary>The image to run, as eng/images.sh names it.</summary>
    public abstract string Image { get; }

    /// <summary>The broker's version as it reports it, e.g. "4.0.5", for the tests' figures.</summary>
    public string Version { get; private set; } = "";

    /// <summary>
    /// Stops the broker as an operator would (<c>docker stop</c>: SIGTERM, then its shutdown), starts it again, and
    /// returns once it accepts AMQP connections again. Its queues and messages are on the container's disk and stay.
    /// </summary>
    public async Task RestartBrokerAsync()
    {
        await StopBrokerOnlyAsync();
        await StartBrokerAgainAsync();
    }

    /// <summary>Stops the broker (<c>docker stop</c>) and leaves it stopped.</summary>
    public Task StopBrokerOnlyAsync() => Container.StopAsync();

    /// <summary>Starts the stopped broker and returns once it accepts AMQP connections.</summary>
    public async Task StartBrokerAgainAsync()
    {
        await Container.StartAsync();
        await WaitForAmqpAsync(TimeSpan.FromSeconds(60));
    }

    protected override async Task<RabbitEndpoint> StartBrokerAsync()
    {
        try
        {
            _container = new RabbitMqBuilder(Image)
                .WithPortBinding(_amqpHostPort, RabbitMqBuilder.RabbitMqPort)
                .WithPortBinding(_managementHostPort, ManagementPort)
                .WithUsername("ledger")
                .WithPassword("ledger")
                .WithLabel("ledger.tests", GetType().Name)
                .Build();
            await _container.StartAsync();
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            throw new InvalidOperationException(
                $"Could not start a RabbitMQ container from image '{Image}' ({ex.Message}). Run `bash "
                    + "eng/images.sh` (it starts a Docker engine and builds the image), "
                    + "and export what `bash eng/images.sh env` prints (DOCKER_API_VERSION, "
                    + "TESTCONTAINERS_RYUK_DISABLED, TESTCONTAINERS_HOST_OVERRIDE); `bash eng/test.sh` does both.",
                ex
            );
        }

        // Clients dial loopback only, never a container network's private address.
        var host = _container.Hostname;
        if (!IPAddress.TryParse(host == "localhost" ? "127.0.0.1" : host, out var address) || !IPAddress.IsLoopback(address))
        {
            throw new InvalidOperationException(
                $"Testcontainers hands out '{host}' for the container, not a loopback address: set "
                    + "TESTCONTAINERS_HOST_OVERRIDE=127.0.0.1 (see `bash eng/images.sh env`)."
            );
        }

        var endpoint = new RabbitEndpoint(host, _amqpHostPort, _managementHostPort, "ledger", "ledger");
        using var management = new RabbitManagement(endpoint);
        Version = await management.VersionAsync();
        return endpoint;
    }

    protected override async Task StopBrokerAsync()
    {
        if (_container is not null)
        {
            await _container.DisposeAsync();
        }
    }

    private IContainer Container => _container ?? throw new InvalidOperationException("The broker container has not started.");

    private async Task WaitForAmqpAsync(TimeSpan timeout)
    {
        var factory = Rabbit.ConnectionFactory(VirtualHost, "test-readiness");
        await Eventually.HoldsAsync(
            async () =>
            {
                try
                {
                    await using var connection = await factory.CreateConnectionAsync();
                    return true;
                }
                catch (RabbitMQ.Client.Exceptions.BrokerUnreachableException)
                {
                    return false;
                }
            },
            timeout,
            $"RabbitMQ accepting connections again on port {Rabbit.AmqpPort.ToString(CultureInfo.InvariantCulture)}"
        );
    }
}
