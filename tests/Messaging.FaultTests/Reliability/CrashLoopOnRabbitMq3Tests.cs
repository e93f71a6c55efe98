using Xunit.Abstractions;

namespace Messaging.FaultTests.Reliability;

/// <summary>The crash loop on the machine's RabbitMQ 3.10 (no default delivery limit there): no regression.</summary>
[Collection(ServersCollection.Name)]
[Trait(TestCategories.Key, TestCategories.Fault)]
public sealed class CrashLoopOnRabbitMq3Tests(ServersFixture servers, ITestOutputHelper output) : CrashLoopTests(servers, output)
{
    protected override string BrokerName => "RabbitMQ 3.10";
}
