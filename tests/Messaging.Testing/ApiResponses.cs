using System.Text.Json;

namespace Messaging.Testing;

/// <summary>What the API tests read from a response.</summary>
public static class ApiResponses
{
    /// <summary>The body of a successful response as JSON; fails the test with the status and body otherwise.</summary>
    public static async Task<JsonElement> JsonAsync(HttpResponseMessage response)
    {
        using (response)
        {
            var body = await response.Content.ReadAsStringAsync();
            Assert.True(response.IsSuccessStatusCode, $"{(int)response.StatusCode}: {body}");
            return JsonDocument.Parse(body).RootElement.Clone();
        }
    }
}
