namespace Messaging.Testing;

/// <summary>
/// RabbitMQ 3.10 (Debian bookworm's) in a container: the same version as the machine's broker, but one the tests may
/// restart without disturbing the others. LEDGER_RABBITMQ3_IMAGE names another image.
/// </summary>
public sealed class RabbitMq3Fixture : RabbitMqContainerFixture
{
    public override string Image => Environment.GetEnvironmentVariable("LEDGER_RABBITMQ3_IMAGE") ?? "ledger/rabbitmq:3.10-bookworm";
}
