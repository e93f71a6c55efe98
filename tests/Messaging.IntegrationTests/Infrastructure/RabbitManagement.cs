using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;

namespace Messaging.IntegrationTests.Infrastructure;

/// <summary>The RabbitMQ management API, for per-run virtual hosts and queue inspection.</summary>
public sealed class RabbitManagement : IDisposable
{
    private readonly HttpClient _http;

    public RabbitManagement()
    {
        _http = new HttpClient { BaseAddress = new Uri($"http://{TestSettings.RabbitHost}:{TestSettings.RabbitManagementPort}/api/") };
        _http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Basic",
            Convert.ToBase64String(Encoding.UTF8.GetBytes($"{TestSettings.RabbitUser}:{TestSettings.RabbitPassword}")));
    }

    public async Task CreateVirtualHostAsync(string vhost)
    {
        (await _http.PutAsync(new Uri($"vhosts/{Uri.EscapeDataString(vhost)}", UriKind.Relative), null)).EnsureSuccessStatusCode();
        (await _http.PutAsJsonAsync($"permissions/{Uri.EscapeDataString(vhost)}/{Uri.EscapeDataString(TestSettings.RabbitUser)}",
            new { configure = ".*", write = ".*", read = ".*" })).EnsureSuccessStatusCode();
    }

    public async Task DeleteVirtualHostAsync(string vhost) =>
        await _http.DeleteAsync(new Uri($"vhosts/{Uri.EscapeDataString(vhost)}", UriKind.Relative));

    public async Task<IReadOnlyList<string>> QueueNamesAsync(string vhost)
    {
        using var doc = JsonDocument.Parse(await _http.GetStringAsync(new Uri($"queues/{Uri.EscapeDataString(vhost)}?columns=name", UriKind.Relative)));
        return doc.RootElement.EnumerateArray().Select(q => q.GetProperty("name").GetString()!).ToList();
    }

    public async Task PurgeAsync(string vhost, string queue) =>
        await _http.DeleteAsync(new Uri($"queues/{Uri.EscapeDataString(vhost)}/{Uri.EscapeDataString(queue)}/contents", UriKind.Relative));

    public void Dispose() => _http.Dispose();
}
