using System.Net;
using Testcontainers.RabbitMq;

namespace Messaging.IntegrationTests.Infrastructure;

/// <summary>
/// The servers with RabbitMQ 4.x in a container instead of the machine's 3.10: the version production users
/// run, whose quorum queues drop a message delivered more than 20 times unless told otherwise. The image is
/// built locally by <c>eng/images.sh</c> (no registry is reachable here); LEDGER_RABBITMQ4_IMAGE names
/// another, e.g. the official rabbitmq:4.0-management where a registry is.
/// </summary>
public sealed class RabbitMq4Fixture : ServersFixture
{
    public const string DefaultImage = "ledger/rabbitmq:4.0-trixie";
    private const ushort ManagementPort = 15672;

    private RabbitMqContainer? _container;

    public static string Image => Environment.GetEnvironmentVariable("LEDGER_RABBITMQ4_IMAGE") ?? DefaultImage;

    protected override async Task<RabbitEndpoint> StartBrokerAsync()
    {
        try
        {
            _container = new RabbitMqBuilder(Image)
                .WithPortBinding(ManagementPort, assignRandomHostPort: true)
                .WithUsername("ledger")
                .WithPassword("ledger")
                .WithLabel("ledger.tests", "rabbitmq4")
                .Build();
            await _container.StartAsync();
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            throw new InvalidOperationException(
                $"Could not start a RabbitMQ 4 container from image '{Image}' ({ex.Message}). Run `bash eng/images.sh` (it starts a Docker engine and builds the image), " +
                "and export what `bash eng/images.sh env` prints (DOCKER_API_VERSION, TESTCONTAINERS_RYUK_DISABLED, TESTCONTAINERS_HOST_OVERRIDE); `bash eng/test.sh` does both.", ex);
        }

        // Clients dial loopback only, never a container network's private address.
        var host = _container.Hostname;
        if (!IPAddress.TryParse(host == "localhost" ? "127.0.0.1" : host, out var address) || !IPAddress.IsLoopback(address))
        {
            throw new InvalidOperationException(
                $"Testcontainers hands out '{host}' for the container, not a loopback address: set TESTCONTAINERS_HOST_OVERRIDE=127.0.0.1 (see `bash eng/images.sh env`).");
        }

        return new RabbitEndpoint(host, _container.GetMappedPublicPort(RabbitMqBuilder.RabbitMqPort), _container.GetMappedPublicPort(ManagementPort), "ledger", "ledger");
    }

    protected override async Task StopBrokerAsync()
    {
        if (_container is not null)
        {
            await _container.DisposeAsync();
        }
    }
}
