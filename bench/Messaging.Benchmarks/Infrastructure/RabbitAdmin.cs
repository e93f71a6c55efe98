using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;

namespace Messaging.Benchmarks.Infrastructure;

/// <summary>The RabbitMQ management HTTP API: one vhost per mode, created fresh and deleted at the end.</summary>
internal sealed class RabbitAdmin : IDisposable
{
    private readonly HttpClient _http;
    private readonly string _user;

    public RabbitAdmin(BenchOptions options)
    {
        _user = options.MqUser;
        _http = new HttpClient
        {
            BaseAddress = new Uri($"http://{options.Host}:{options.ManagementPort}/api/"),
            Timeout = TimeSpan.FromSeconds(30),
        };
        _http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue(
            "Basic",
            Convert.ToBase64String(Encoding.UTF8.GetBytes($"{options.MqUser}:{options.MqPassword}"))
        );
    }

    public async Task RecreateVhostAsync(string vhost)
    {
        await DeleteVhostAsync(vhost);
        using (
            var put = await _http.PutAsJsonAsync(
                $"vhosts/{Uri.EscapeDataString(vhost)}",
                new { description = "ledger benchmark (eng/bench.sh)" }
            )
        )
        {
            await EnsureAsync(put, $"create vhost {vhost}");
        }

        using var perms = await _http.PutAsJsonAsync(
            $"permissions/{Uri.EscapeDataString(vhost)}/{Uri.EscapeDataString(_user)}",
            new
            {
                configure = ".*",
                write = ".*",
                read = ".*",
            }
        );
        await EnsureAsync(perms, $"grant {_user} on vhost {vhost}");
    }

    public async Task DeleteVhostAsync(string vhost)
    {
        using var response = await _http.DeleteAsync(new Uri($"vhosts/{Uri.EscapeDataString(vhost)}", UriKind.Relative));
        if (response.StatusCode != HttpStatusCode.NotFound)
        {
            await EnsureAsync(response, $"delete vhost {vhost}");
        }
    }

    /// <summary>The queue's consumer count and ready + unacknowledged messages, or null when it does not exist.</summary>
    public async Task<(int Consumers, long Messages)?> QueueAsync(string vhost, string queue)
    {
        using var response = await _http.GetAsync(
            new Uri($"queues/{Uri.EscapeDataString(vhost)}/{Uri.EscapeDataString(queue)}", UriKind.Relative)
        );
        if (response.StatusCode == HttpStatusCode.NotFound)
        {
            return null;
        }

        await EnsureAsync(response, $"read queue {queue}");
        using var doc = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        var root = doc.RootElement;
        return (Int(root, "consumers"), Int(root, "messages"));
    }

    /// <summary>Every queue in the vhost with its message count (ready + unacknowledged).</summary>
    public async Task<IReadOnlyList<(string Name, long Messages)>> QueuesAsync(string vhost)
    {
        using var response = await _http.GetAsync(new Uri($"queues/{Uri.EscapeDataString(vhost)}", UriKind.Relative));
        await EnsureAsync(response, "list queues");
        using var doc = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        return doc.RootElement.EnumerateArray().Select(q => (q.GetProperty("name").GetString()!, (long)Int(q, "messages"))).ToList();
    }

    public async Task<string> VersionAsync()
    {
        using var response = await _http.GetAsync(new Uri("overview", UriKind.Relative));
        await EnsureAsync(response, "overview");
        using var doc = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        return $"RabbitMQ {doc.RootElement.GetProperty("rabbitmq_version").GetString()} (Erlang "
            + $"{doc.RootElement.GetProperty("erlang_version").GetString()})";
    }

    /// <summary>The broker node's uptime in milliseconds: going down during a mode means something else restarted it.</summary>
    public async Task<long> UptimeMsAsync()
    {
        using var response = await _http.GetAsync(new Uri("nodes", UriKind.Relative));
        await EnsureAsync(response, "nodes");
        using var doc = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        return doc
            .RootElement.EnumerateArray()
            .Select(n => n.TryGetProperty("uptime", out var u) && u.ValueKind == JsonValueKind.Number ? u.GetInt64() : 0)
            .FirstOrDefault();
    }

    public void Dispose() => _http.Dispose();

    private static int Int(JsonElement element, string name) =>
        element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.Number ? value.GetInt32() : 0;

    private static async Task EnsureAsync(HttpResponseMessage response, string what)
    {
        if (!response.IsSuccessStatusCode)
        {
            var body = await response.Content.ReadAsStringAsync();
            throw new InvalidOperationException($"RabbitMQ management API: {what} failed: {(int)response.StatusCode} {body}");
        }
    }
}
