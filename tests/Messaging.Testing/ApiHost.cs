using System.Net.Http.Headers;
using Messaging.Api;
using Messaging.Api.Security;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace Messaging.Testing;

/// <summary>The real API, in this process, on a free loopback port, reading this run's database as the read-only role.</summary>
public sealed class ApiHost : IAsyncDisposable
{
    public const string SigningKey = "a-test-signing-key-that-is-long-enough-0123456789";

    public const string DeadLetterUser = "ledger_dlq";

    private readonly WebApplication _app;

    private ApiHost(WebApplication app, Uri address)
    {
        _app = app;
        Address = address;
    }

    public Uri Address { get; }

    public static async Task<ApiHost> StartAsync(ServersFixture servers, IReadOnlyDictionary<string, string?>? overrides = null)
    {
        var settings = new Dictionary<string, string?>
        {
            ["Api:Urls"] = "http://127.0.0.1:0",
            ["Api:Jwt:SigningKey"] = SigningKey,
            ["Reconciliation:Interval"] = "00:00:00.200",
            ["ConnectionStrings:LedgerReader"] = servers.ReaderConnectionString,
            ["ConnectionStrings:LedgerApi"] = servers.ApiConnectionString,
            ["Api:Broker:Host"] = servers.Rabbit.Host,
            ["Api:Broker:Port"] = servers.Rabbit.AmqpPort.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["Api:Broker:VirtualHost"] = servers.VirtualHost,
            // Commands are published as the admins' broker user, as eng/run.sh runs the API.
            ["Api:Broker:Username"] = BrokerRoles.Admin,
            ["Api:Broker:Password"] = BrokerRoles.PasswordOf(BrokerRoles.Admin),

            // Dead letters as eng/rabbitmq/users.tsv's least-privileged ledger_dlq, granted on this run's virtual host.
            ["Api:DeadLetters:Host"] = servers.Rabbit.Host,
            ["Api:DeadLetters:Port"] = servers.Rabbit.AmqpPort.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["Api:DeadLetters:ManagementPort"] = servers.Rabbit.ManagementPort.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["Api:DeadLetters:VirtualHost"] = servers.VirtualHost,
            ["Api:DeadLetters:Username"] = DeadLetterUser,
            ["Api:DeadLetters:Password"] = BrokerRoles.PasswordOf(DeadLetterUser),
            ["Api:DeadLetters:ArchiveDirectory"] = Path.Combine(Path.GetTempPath(), $"ledger-dlq-archive-{servers.VirtualHost}"),
        };
        foreach (var (key, value) in overrides ?? new Dictionary<string, string?>())
        {
            settings[key] = value;
        }

        if (settings["Api:DeadLetters:Username"] == DeadLetterUser)
        {
            await servers.Management.GrantLedgerUserAsync(servers.VirtualHost, DeadLetterUser);
        }

        // The Test environment: the container fixtures keep the documented development passwords, which Production refuses.
        var app = ApiApp.Build(["--environment", "Test"], configuration => configuration.AddInMemoryCollection(settings));
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        return new ApiHost(app, new Uri(address));
    }

    /// <summary>A client whose requests carry a token for <paramref name="subject"/> in <paramref name="role"/> (none: no token).</summary>
    public HttpClient Client(string? role = null, string subject = "tester")
    {
        var client = new HttpClient { BaseAddress = Address };
        if (role is not null)
        {
            client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue(
                "Bearer",
                ApiTokens.Mint(new JwtOptions { SigningKey = SigningKey }, subject, role, TimeSpan.FromHours(1), DateTimeOffset.UtcNow)
            );
        }

        return client;
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
