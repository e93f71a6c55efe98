using System.Globalization;
using DotNet.Testcontainers.Builders;
using DotNet.Testcontainers.Networks;
using Testcontainers.RabbitMq;

namespace Messaging.Testing;

/// <summary>
/// A three-node RabbitMQ 4.0 cluster in containers on one machine (one Docker network, a shared Erlang cookie, the nodes
/// listed to each other), each node published on loopback ports of its own. The test clients and the management API
/// use node 3, which the tests never stop; the processor is given all three, node 1 first.
/// </summary>
public sealed class RabbitMqClusterFixture : ServersFixture
{
    private const ushort ManagementPort = 15672;
    private const int NodeCount = 3;

    private readonly string _name = $"ledger-cluster-{Guid.NewGuid():N}"[..24];
    private readonly List<RabbitMqContainer> _nodes = [];
    private INetwork? _network;

    public static string Image => RabbitMq4Fixture.ConfiguredImage;

    /// <summary>Each node's AMQP port on loopback, node 1 first.</summary>
    public IReadOnlyList<int> AmqpPorts { get; } = [.. Enumerable.Range(0, NodeCount).Select(_ => LoopbackPorts.Free())];

    private IReadOnlyList<int> ManagementPorts { get; } = [.. Enumerable.Range(0, NodeCount).Select(_ => LoopbackPorts.Free())];

    /// <summary>The broker's version as it reports it.</summary>
    public string Version { get; private set; } = "";

    /// <summary>The RabbitMQ node name of node <paramref name="number"/> (1 to 3), as the management API names it.</summary>
    public static string NodeName(int number) => $"rabbit@rmq{number}";

    /// <summary>The processor's settings that give it every node, node 1 first.</summary>
    public Dictionary<string, string?> ProcessorOverrides() =>
        new()
        {
            ["RabbitMq:Host"] = "127.0.0.1",
            ["RabbitMq:Port"] = AmqpPorts[0].ToString(CultureInfo.InvariantCulture),
            ["RabbitMq:ClusterNodes:0"] = $"127.0.0.1:{AmqpPorts[1].ToString(CultureInfo.InvariantCulture)}",
            ["RabbitMq:ClusterNodes:1"] = $"127.0.0.1:{AmqpPorts[2].ToString(CultureInfo.InvariantCulture)}",
        };

    /// <summary>Stops node <paramref name="number"/> as an operator would (<c>docker stop</c>).</summary>
    public Task StopNodeAsync(int number) => _nodes[number - 1].StopAsync();

    /// <summary>Starts node <paramref name="number"/> again and waits until the cluster reports all three running.</summary>
    public async Task StartNodeAsync(int number)
    {
        await _nodes[number - 1].StartAsync();
        await WaitForNodesAsync(NodeCount, TimeSpan.FromSeconds(90));
    }

    protected override async Task<RabbitEndpoint> StartBrokerAsync()
    {
        try
        {
            _network = new NetworkBuilder().WithName(_name).WithLabel("org.testcontainers", "true").Build();
            await _network.CreateAsync();
            var members = string.Join(' ', Enumerable.Range(1, NodeCount).Select(NodeName));
            for (var number = 1; number <= NodeCount; number++)
            {
                _nodes.Add(
                    new RabbitMqBuilder(Image)
                        .WithNetwork(_network)
                        .WithHostname($"rmq{number}")
                        .WithNetworkAliases($"rmq{number}")
                        .WithPortBinding(AmqpPorts[number - 1], RabbitMqBuilder.RabbitMqPort)
                        .WithPortBinding(ManagementPorts[number - 1], ManagementPort)
                        .WithUsername("ledger")
                        .WithPassword("ledger")
                        .WithEnvironment("RABBITMQ_ERLANG_COOKIE", _name)
                        .WithEnvironment("RABBITMQ_CLUSTER_NODES", members)
                        .WithLabel("ledger.tests", "rabbitmq-cluster")
                        .Build()
                );
            }

            // All at once, as RabbitMQ's peer discovery expects: they agree on one node to form the cluster and the others
            // join it. (Node 1 alone first waits minutes for the others it is told of before it gives up on them.)
            await Task.WhenAll(_nodes.Select(n => n.StartAsync()));
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            throw new InvalidOperationException(
                $"Could not start a three-node RabbitMQ cluster from image '{Image}' ({ex.Message}). Run "
                    + "`bash eng/images.sh` and export what "
                    + "`bash eng/images.sh env` prints; `bash eng/test.sh` does both.",
                ex
            );
        }

        var endpoint = new RabbitEndpoint("127.0.0.1", AmqpPorts[2], ManagementPorts[2], "ledger", "ledger");
        using var management = new RabbitManagement(endpoint);
        Version = await management.VersionAsync();
        await WaitForNodesAsync(NodeCount, TimeSpan.FromSeconds(90), management);
        return endpoint;
    }

    protected override async Task StopBrokerAsync()
    {
        foreach (var node in _nodes)
        {
            await node.DisposeAsync();
        }

        if (_network is not null)
        {
            await _network.DeleteAsync();
        }
    }

    private Task WaitForNodesAsync(int count, TimeSpan timeout) => WaitForNodesAsync(count, timeout, Management);

    private static Task WaitForNodesAsync(int count, TimeSpan timeout, RabbitManagement management) =>
        Eventually.HoldsAsync(
            async () =>
            {
                try
                {
                    return (await management.RunningNodesAsync()).Count == count;
                }
                catch (HttpRequestException)
                {
                    return false;
                }
            },
            timeout,
            $"{count} RabbitMQ nodes running in one cluster"
        );
}
