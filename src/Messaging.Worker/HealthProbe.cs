namespace Messaging.Worker;

// `Messaging.Worker probe URL`: asks a health endpoint on this machine and exits 0 when it answers 2xx, 1 otherwise. For container
// health checks: the images carry no curl, and this binary is in both.
internal static class HealthProbe
{
    public const string Command = "probe";

    public static async Task<int> RunAsync(string url)
    {
        if (!Uri.TryCreate(url, UriKind.Absolute, out var uri) || !uri.IsLoopback)
        {
            await Console.Error.WriteLineAsync($"probe: '{url}' is not a loopback URL; give one like http://127.0.0.1:9465/health/ready");
            return 1;
        }

        using var client = new HttpClient { Timeout = TimeSpan.FromSeconds(5) };
        try
        {
            using var response = await client.GetAsync(uri);
            await Console.Out.WriteLineAsync($"{(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
            return response.IsSuccessStatusCode ? 0 : 1;
        }
        catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException)
        {
            await Console.Error.WriteLineAsync($"probe: {uri} did not answer ({ex.Message})");
            return 1;
        }
    }
}
