using Messaging.Admin;

namespace Messaging.IntegrationTests.Admin;

/// <summary>
/// The admin tool reads the processor's settings with the processor's own options classes and rules: a wrong
/// setting stops it with the same message that names it, instead of falling back to a default.
/// </summary>
[Collection(ProcessWideCollection.Name)]
public sealed class AdminSettingsTests(ServersFixture servers)
{
    [Theory]
    [InlineData("RabbitMq__Port", "0", "RabbitMq:Port must be a TCP port", "dlq", "list")]
    [InlineData("RabbitMq__ManagementPort", "70000", "RabbitMq:ManagementPort must be a TCP port", "queues", "check")]
    [InlineData("Endpoints__DeliveryLimit", "0", "Endpoints:DeliveryLimit must be between 1 and 1000", "queues", "migrate", "--dry-run")]
    [InlineData("Earning__PointsPerUnit__USD", "0", "Earning:PointsPerUnit:USD = 0 is invalid", "dlq", "replay", "--dry-run")]
    public async Task Should_refuse_and_name_the_setting_when_it_is_wrong(
        string variable,
        string value,
        string message,
        params string[] command
    )
    {
        var before = Environment.GetEnvironmentVariable(variable);
        Environment.SetEnvironmentVariable(variable, value);
        try
        {
            using var output = new StringWriter();
            using var error = new StringWriter();
            var code = await AdminApp.RunAsync(
                [.. command, "--connection", servers.OperatorConnectionString, "--rabbit-vhost", servers.VirtualHost],
                output,
                error
            );

            Assert.Equal(ExitCodes.Usage, code);
            Assert.Contains(message, error.ToString(), StringComparison.Ordinal);
        }
        finally
        {
            Environment.SetEnvironmentVariable(variable, before);
        }
    }
}
