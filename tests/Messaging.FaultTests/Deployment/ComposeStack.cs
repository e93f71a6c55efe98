using System.Globalization;

namespace Messaging.FaultTests.Deployment;

/// <summary>
/// The stack of docker-compose.yml, started as a user starts it (eng/compose.sh, on the images eng/images.sh builds)
/// under its own project name and loopback ports, apart from the servers the other tests use.
/// </summary>
public sealed class ComposeStack : IAsyncLifetime
{
    public string Project { get; } = $"ledger-compose-test-{Guid.NewGuid():N}"[..30];

    public int AmqpPort { get; } = LoopbackPorts.Free();

    public int ManagementPort { get; } = LoopbackPorts.Free();

    public int PostgresPort { get; } = LoopbackPorts.Free();

    public int ApiPort { get; } = LoopbackPorts.Free();

    /// <summary>The key the stack's API signs tokens with, so tests can mint their own.</summary>
    public string ApiSigningKey { get; } = $"compose-test-key-{Guid.NewGuid():N}";

    public string StartOutput { get; private set; } = "";

    /// <summary>
    /// The schema owner's password the stack gets: eng/compose.sh takes every LEDGER_*_PASSWORD of the environment
    /// (eng/test.sh exports the random ones eng/servers.sh made), as it does the broker users' (<see cref="BrokerRoles.PasswordOf"/>).
    /// </summary>
    public static string OwnerPassword => System.Environment.GetEnvironmentVariable("LEDGER_PG_PASSWORD") ?? "ledger";

    private Dictionary<string, string> Environment =>
        new()
        {
            ["LEDGER_COMPOSE_PROJECT"] = Project,
            ["LEDGER_AMQP_PORT"] = AmqpPort.ToString(CultureInfo.InvariantCulture),
            ["LEDGER_MANAGEMENT_PORT"] = ManagementPort.ToString(CultureInfo.InvariantCulture),
            ["LEDGER_POSTGRES_PORT"] = PostgresPort.ToString(CultureInfo.InvariantCulture),
            ["LEDGER_API_PORT"] = ApiPort.ToString(CultureInfo.InvariantCulture),
            ["LEDGER_API_SIGNING_KEY"] = ApiSigningKey,
            // eng/test.sh built the images before the tests started; building here again would only check their hashes.
            ["LEDGER_COMPOSE_SKIP_IMAGES"] = "1",
        };

    public async Task InitializeAsync()
    {
        var up = await Shell.RunAsync("bash", ["eng/compose.sh", "up"], Environment, TimeSpan.FromMinutes(5));
        StartOutput = up.Output;
        up.EnsureSuccess("bash eng/compose.sh up (the images come from `bash eng/images.sh`, which `bash eng/test.sh` runs)");
    }

    public async Task DisposeAsync() =>
        (await Shell.RunAsync("bash", ["eng/compose.sh", "down"], Environment)).EnsureSuccess("bash eng/compose.sh down");
}
