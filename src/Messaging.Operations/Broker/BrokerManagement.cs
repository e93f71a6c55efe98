using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;

namespace Messaging.Operations.Broker;

// The management API, for what AMQP cannot tell: which queues a virtual host has, their arguments, policies and bindings.
/// <summary>Every failure an operator can fix is a <see cref="BrokerProblemException"/>.</summary>
public sealed class BrokerManagement(RabbitSettings settings) : IDisposable
{
    private readonly HttpClient _http = CreateClient(settings);

    /// <summary>Message counts are the management API's sampled figures, a few seconds old.</summary>
    public async Task<IReadOnlyList<BrokerQueue>> QueuesAsync(CancellationToken cancellationToken)
    {
        using var doc = await GetAsync(
            $"queues/{Escape(settings.VirtualHost)}?columns="
                + "name,type,arguments,effective_policy_definition,messages,messages_unacknowledged",
            cancellationToken
        );
        return doc.RootElement.EnumerateArray().Select(BrokerQueue.From).ToList();
    }

    public async Task<string> VersionAsync(CancellationToken cancellationToken)
    {
        using var doc = await GetAsync("overview?columns=rabbitmq_version", cancellationToken);
        return doc.RootElement.TryGetProperty("rabbitmq_version", out var version) ? version.GetString() ?? "?" : "?";
    }

    /// <summary>Bindings from exchanges other than the default one.</summary>
    public async Task<IReadOnlyList<BrokerBinding>> BindingsAsync(string queue, CancellationToken cancellationToken)
    {
        using var doc = await GetAsync($"queues/{Escape(settings.VirtualHost)}/{Escape(queue)}/bindings", cancellationToken);
        return doc
            .RootElement.EnumerateArray()
            .Select(b => new BrokerBinding(
                b.GetProperty("source").GetString() ?? "",
                b.GetProperty("routing_key").GetString() ?? "",
                BrokerQueue.ArgumentsOf(b.TryGetProperty("arguments", out var a) ? a : default)
            ))
            .Where(b => b.Exchange.Length > 0)
            .ToList();
    }

    public void Dispose() => _http.Dispose();

    private async Task<JsonDocument> GetAsync(string path, CancellationToken cancellationToken)
    {
        var endpoint = new Uri(_http.BaseAddress!, path);
        HttpResponseMessage response;
        try
        {
            response = await _http.GetAsync(endpoint, cancellationToken);
        }
        catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException && !cancellationToken.IsCancellationRequested)
        {
            throw new BrokerProblemException(
                BrokerProblemKind.Unreachable,
                $"Cannot reach the RabbitMQ management API at http://{settings.Host}:{settings.ManagementPort} ({ex.Message}). "
                    + $"Start the servers with `bash eng/servers.sh up` (it enables the management plugin), or set {settings.Fix.Host}.",
                ex
            );
        }

        using (response)
        {
            if (response.StatusCode is HttpStatusCode.Unauthorized or HttpStatusCode.Forbidden)
            {
                throw CredentialsRefused(settings, null);
            }

            if (response.StatusCode == HttpStatusCode.NotFound)
            {
                throw new BrokerProblemException(
                    BrokerProblemKind.NotFound,
                    $"RabbitMQ has no virtual host '{settings.VirtualHost}' (or no such queue). Set the "
                        + $"processor's one with {settings.Fix.VirtualHost}."
                );
            }

            if (!response.IsSuccessStatusCode)
            {
                throw new BrokerProblemException(
                    BrokerProblemKind.Unreachable,
                    $"The RabbitMQ management API answered {(int)response.StatusCode} {response.ReasonPhrase} "
                        + $"for {endpoint}. Check the broker's logs."
                );
            }

            return JsonDocument.Parse(await response.Content.ReadAsStringAsync(cancellationToken));
        }
    }

    public static BrokerProblemException CredentialsRefused(RabbitSettings settings, Exception? inner) =>
        new(
            BrokerProblemKind.Unreachable,
            $"RabbitMQ at {settings.Host} refused user '{settings.User}' (wrong user or password, or no "
                + $"permission on virtual host '{settings.VirtualHost}'). "
                + $"Set {settings.Fix.Credentials}; the user needs the management tag to list queues.",
            inner
        );

    private static string Escape(string segment) => Uri.EscapeDataString(segment);

    private static HttpClient CreateClient(RabbitSettings settings)
    {
        var http = new HttpClient
        {
            BaseAddress = new Uri($"http://{settings.Host}:{settings.ManagementPort}/api/"),
            Timeout = TimeSpan.FromSeconds(10),
        };
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue(
            "Basic",
            Convert.ToBase64String(Encoding.UTF8.GetBytes($"{settings.User}:{settings.Password}"))
        );
        return http;
    }
}
