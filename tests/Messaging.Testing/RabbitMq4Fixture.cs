namespace Messaging.Testing;

/// <summary>
/// RabbitMQ 4.0 in a container instead of the machine's 3.10: the version production users run, whose quorum queues
/// drop a message delivered more than 20 times unless told otherwise. LEDGER_RABBITMQ4_IMAGE names another image,
/// e.g. the official rabbitmq:4.0-management where a registry is.
/// </summary>
public sealed class RabbitMq4Fixture : RabbitMqContainerFixture
{
    /// <summary>The RabbitMQ 4 image every RabbitMQ 4 test runs, the cluster's nodes too.</summary>
    public static string ConfiguredImage => Environment.GetEnvironmentVariable("LEDGER_RABBITMQ4_IMAGE") ?? "ledger/rabbitmq:4.0-trixie";

    public override string Image => ConfiguredImage;
}
