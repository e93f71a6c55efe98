using System.Diagnostics;
using Xunit.Abstractions;

namespace Messaging.FaultTests.Reliability;

/// <summary>
/// The watchdog at start-up: a bus that never finishes starting must not leave a worker that runs and consumes nothing.
/// Broker restarts in the middle of a start did that once (docs/reliability.md): MassTransit's start timeout gave the start
/// up and the process hung. Here the broker refuses MassTransit's connection for good (its virtual host takes one
/// connection, and the processor's queue checks hold it), so the endpoints keep trying: once the start timeout and the
/// deadline have passed, the worker must exit with 75 for a fresh start.
/// </summary>
[Collection(ServersCollection.Name)]
[Trait(TestCategories.Key, TestCategories.Fault)]
public sealed class UnfinishedStartTests(ServersFixture servers, ITestOutputHelper output) : ProcessorTest(servers)
{
    [Fact]
    public async Task Should_exit_for_a_fresh_start_when_its_bus_has_not_finished_starting_past_the_start_timeout_and_the_deadline()
    {
        // A virtual host of its own, so no other client holds a connection there: the worker's queue checks take the only one.
        var vhost = $"{Servers.VirtualHost}-start";
        await Servers.Management.CreateVirtualHostAsync(vhost);
        await Servers.Management.LimitConnectionsAsync(vhost, 1);
        try
        {
            var clock = Stopwatch.StartNew();
            await using var worker = ProcessorProcess.Start(
                Servers,
                new Dictionary<string, string?> { ["RabbitMq:VirtualHost"] = vhost, ["Endpoints:ReconnectDeadline"] = "00:00:05" }
            );
            // The start allowance (60 s), the deadline (5 s), and the watchdog's checks every 2 s.
            Assert.True(
                await worker.WaitForExitAsync(TimeSpan.FromSeconds(120)),
                $"the worker still runs two minutes after it began to start:\n{worker.Output}"
            );
            Assert.True(worker.ExitCode == 75, $"the worker exited with {worker.ExitCode}, not 75:\n{worker.Output}");
            Assert.Contains("The bus has not finished starting in 65 s", worker.Output, StringComparison.Ordinal);
            // The reason the broker gave, for the operator.
            Assert.Contains("connection limit (1) is reached", worker.Output, StringComparison.Ordinal);
            Assert.DoesNotContain("Processor started", worker.Output, StringComparison.Ordinal);
            output.WriteLine($"watchdog: the worker whose bus never started exited with 75 after {clock.Elapsed.TotalSeconds:F1} s");
        }
        finally
        {
            await Servers.Management.DeleteVirtualHostAsync(vhost);
        }
    }
}
