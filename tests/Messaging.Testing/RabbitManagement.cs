using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;

namespace Messaging.Testing;

/// <summary>The RabbitMQ management API, for per-run virtual hosts and queue inspection.</summary>
public sealed class RabbitManagement : IDisposable
{
    private readonly HttpClient _http;
    private readonly RabbitEndpoint _rabbit;

    public RabbitManagement(RabbitEndpoint rabbit)
    {
        ArgumentNullException.ThrowIfNull(rabbit);
        _rabbit = rabbit;
        _http = new HttpClient { BaseAddress = new Uri($"http://{rabbit.Host}:{rabbit.ManagementPort}/api/") };
        _http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue(
            "Basic",
            Convert.ToBase64String(Encoding.UTF8.GetBytes($"{rabbit.User}:{rabbit.Password}"))
        );
    }

    /// <summary>
    /// A virtual host with every user of eng/rabbitmq/users.tsv given the permissions that file gives it there, as
    /// eng/servers.sh provisions the ledger's own; a broker that lacks a user (a test container) gets it first.
    /// </summary>
    public async Task CreateVirtualHostAsync(string vhost)
    {
        (await _http.PutAsync(new Uri($"vhosts/{Uri.EscapeDataString(vhost)}", UriKind.Relative), null)).EnsureSuccessStatusCode();
        (
            await _http.PutAsJsonAsync(
                $"permissions/{Uri.EscapeDataString(vhost)}/{Uri.EscapeDataString(_rabbit.User)}",
                new
                {
                    configure = ".*",
                    write = ".*",
                    read = ".*",
                }
            )
        ).EnsureSuccessStatusCode();
        foreach (var line in BrokerRoles.Lines.Where(l => l[0] != _rabbit.User && l[1] != "administrator"))
        {
            await GrantLedgerUserAsync(vhost, line[0]);
        }
    }

    /// <summary>Gives a user of eng/rabbitmq/users.tsv the permissions that file gives it, on <paramref name="vhost"/>; creates the user
    /// when missing.</summary>
    public async Task GrantLedgerUserAsync(string vhost, string user)
    {
        var line = BrokerRoles.Lines.Single(f => f[0] == user);
        using (var existing = await _http.GetAsync(new Uri($"users/{Uri.EscapeDataString(user)}", UriKind.Relative)))
        {
            if (existing.StatusCode == System.Net.HttpStatusCode.NotFound)
            {
                (
                    await _http.PutAsJsonAsync(
                        $"users/{Uri.EscapeDataString(user)}",
                        new { password = BrokerRoles.PasswordOf(user), tags = line[1] == "-" ? "" : line[1] }
                    )
                ).EnsureSuccessStatusCode();
            }
        }

        await SetPermissionsAsync(vhost, user, configure: line[2], write: line[3], read: line[4]);
    }

    /// <summary>Caps the connections a virtual host takes (RabbitMQ refuses the next one); null lifts the cap.</summary>
    public async Task LimitConnectionsAsync(string vhost, int? max)
    {
        var uri = new Uri($"vhost-limits/{Uri.EscapeDataString(vhost)}/max-connections", UriKind.Relative);
        using var response = max is { } value ? await _http.PutAsJsonAsync(uri, new { value }) : await _http.DeleteAsync(uri);
        response.EnsureSuccessStatusCode();
    }

    /// <summary>Sets what a user may declare, publish to and read on <paramref name="vhost"/> (regular expressions of names).</summary>
    public async Task SetPermissionsAsync(string vhost, string user, string configure, string write, string read) =>
        (
            await _http.PutAsJsonAsync(
                $"permissions/{Uri.EscapeDataString(vhost)}/{Uri.EscapeDataString(user)}",
                new
                {
                    configure,
                    write,
                    read,
                }
            )
        ).EnsureSuccessStatusCode();

    /// <summary>The broker's users, by name.</summary>
    public async Task<IReadOnlyList<string>> UsersAsync()
    {
        using var doc = JsonDocument.Parse(await _http.GetStringAsync(new Uri("users", UriKind.Relative)));
        return doc.RootElement.EnumerateArray().Select(u => u.GetProperty("name").GetString()!).ToList();
    }

    /// <summary>The user each open AMQP connection logged in as.</summary>
    public async Task<IReadOnlyList<string>> ConnectionUsersAsync()
    {
        using var doc = JsonDocument.Parse(await _http.GetStringAsync(new Uri("connections?columns=user", UriKind.Relative)));
        return doc.RootElement.EnumerateArray().Select(c => c.GetProperty("user").GetString()!).ToList();
    }

    public async Task DeleteVirtualHostAsync(string vhost) =>
        await _http.DeleteAsync(new Uri($"vhosts/{Uri.EscapeDataString(vhost)}", UriKind.Relative));

    public async Task<IReadOnlyList<string>> QueueNamesAsync(string vhost)
    {
        using var doc = JsonDocument.Parse(
            await _http.GetStringAsync(new Uri($"queues/{Uri.EscapeDataString(vhost)}?columns=name", UriKind.Relative))
        );
        return doc.RootElement.EnumerateArray().Select(q => q.GetProperty("name").GetString()!).ToList();
    }

    /// <summary>A queue's declared arguments, or null when it does not exist.</summary>
    public async Task<JsonElement?> QueueArgumentsAsync(string vhost, string queue)
    {
        using var response = await _http.GetAsync(
            new Uri($"queues/{Uri.EscapeDataString(vhost)}/{Uri.EscapeDataString(queue)}?columns=arguments", UriKind.Relative)
        );
        if (response.StatusCode == System.Net.HttpStatusCode.NotFound)
        {
            return null;
        }

        response.EnsureSuccessStatusCode();
        using var doc = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        return doc.RootElement.GetProperty("arguments").Clone();
    }

    /// <summary>How many deliveries of a queue the broker marked as redelivered (its statistics lag by a few seconds).</summary>
    public async Task<long> RedeliveredAsync(string vhost, string queue)
    {
        using var doc = JsonDocument.Parse(
            await _http.GetStringAsync(new Uri($"queues/{Uri.EscapeDataString(vhost)}/{Uri.EscapeDataString(queue)}", UriKind.Relative))
        );
        return doc.RootElement.TryGetProperty("message_stats", out var stats) && stats.TryGetProperty("redeliver", out var redeliver)
            ? redeliver.GetInt64()
            : 0;
    }

    /// <summary>How many consumers a queue has; 0 when it does not exist (yet).</summary>
    /// <summary>A queue's depth and consumers in words, for a failing test to say what the broker saw.</summary>
    public async Task<string> DescribeQueueAsync(string vhost, string queue)
    {
        try
        {
            using var doc = JsonDocument.Parse(
                await _http.GetStringAsync(
                    new Uri(
                        $"queues/{Uri.EscapeDataString(vhost)}/{Uri.EscapeDataString(queue)}"
                            + "?columns=messages_ready,messages_unacknowledged,consumers",
                        UriKind.Relative
                    )
                )
            );
            var q = doc.RootElement.ValueKind == JsonValueKind.Array ? doc.RootElement.EnumerateArray().FirstOrDefault() : doc.RootElement;
            int Of(string name) =>
                q.ValueKind == JsonValueKind.Object && q.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.Number
                    ? v.GetInt32()
                    : -1;
            return $"{queue}: {Of("messages_ready")} ready, {Of("messages_unacknowledged")} unacknowledged, {Of("consumers")} consumer(s)";
        }
        catch (HttpRequestException ex)
        {
            return $"{queue}: the management API did not answer ({ex.Message})";
        }
    }

    public async Task<int> ConsumersAsync(string vhost, string queue)
    {
        using var response = await _http.GetAsync(
            new Uri($"queues/{Uri.EscapeDataString(vhost)}/{Uri.EscapeDataString(queue)}?columns=consumers", UriKind.Relative)
        );
        if (response.StatusCode == System.Net.HttpStatusCode.NotFound)
        {
            return 0;
        }

        response.EnsureSuccessStatusCode();
        using var doc = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        // While a fresh broker starts, its API may answer a queue's URL with an empty list rather than 404.
        return
            doc.RootElement.ValueKind == JsonValueKind.Object
            && doc.RootElement.TryGetProperty("consumers", out var consumers)
            && consumers.ValueKind == JsonValueKind.Number
            ? consumers.GetInt32()
            : 0;
    }

    /// <summary>The broker's version, e.g. "4.0.5".</summary>
    public async Task<string> VersionAsync()
    {
        using var doc = JsonDocument.Parse(await _http.GetStringAsync(new Uri("overview?columns=rabbitmq_version", UriKind.Relative)));
        return doc.RootElement.GetProperty("rabbitmq_version").GetString()!;
    }

    /// <summary>Every client connection: the node it is connected to and the name its client gave it.</summary>
    public async Task<IReadOnlyList<(string Node, string Client)>> ConnectionsAsync()
    {
        using var doc = JsonDocument.Parse(
            await _http.GetStringAsync(new Uri("connections?columns=node,client_properties", UriKind.Relative))
        );
        return doc
            .RootElement.EnumerateArray()
            .Select(c =>
                (
                    c.GetProperty("node").GetString()!,
                    c.TryGetProperty("client_properties", out var client) && client.TryGetProperty("connection_name", out var name)
                        ? name.GetString() ?? ""
                        : ""
                )
            )
            .ToList();
    }

    /// <summary>How many of a quorum queue's members are online.</summary>
    public async Task<int> OnlineMembersAsync(string vhost, string queue)
    {
        using var doc = JsonDocument.Parse(
            await _http.GetStringAsync(new Uri($"queues/{Uri.EscapeDataString(vhost)}/{Uri.EscapeDataString(queue)}", UriKind.Relative))
        );
        return doc.RootElement.TryGetProperty("online", out var online) && online.ValueKind == JsonValueKind.Array
            ? online.GetArrayLength()
            : 0;
    }

    /// <summary>The names of the cluster's nodes that run now.</summary>
    public async Task<IReadOnlyList<string>> RunningNodesAsync()
    {
        using var doc = JsonDocument.Parse(await _http.GetStringAsync(new Uri("nodes?columns=name,running", UriKind.Relative)));
        return doc
            .RootElement.EnumerateArray()
            .Where(n => n.GetProperty("running").GetBoolean())
            .Select(n => n.GetProperty("name").GetString()!)
            .ToList();
    }

    public async Task DeleteQueueAsync(string vhost, string queue) =>
        await _http.DeleteAsync(new Uri($"queues/{Uri.EscapeDataString(vhost)}/{Uri.EscapeDataString(queue)}", UriKind.Relative));

    /// <summary>Declares a queue the way a version without dead-lettering did (quorum, nothing else), replacing any of that name.</summary>
    public async Task DeclareLegacyQueueAsync(string vhost, string queue)
    {
        await DeleteQueueAsync(vhost, queue);
        (
            await _http.PutAsJsonAsync(
                $"queues/{Uri.EscapeDataString(vhost)}/{Uri.EscapeDataString(queue)}",
                new { durable = true, arguments = new Dictionary<string, object> { ["x-queue-type"] = "quorum" } }
            )
        ).EnsureSuccessStatusCode();
    }

    /// <summary>Declares a quorum queue with these arguments (as a half-done migration leaves its holding queue).</summary>
    public async Task DeclareQueueAsync(string vhost, string queue, IReadOnlyDictionary<string, object?> arguments) =>
        (
            await _http.PutAsJsonAsync(
                $"queues/{Uri.EscapeDataString(vhost)}/{Uri.EscapeDataString(queue)}",
                new { durable = true, arguments }
            )
        ).EnsureSuccessStatusCode();

    /// <summary>Publishes a persistent message straight to a queue (the default exchange); fails when it is not routed.</summary>
    public async Task PublishToQueueAsync(string vhost, string queue, string payload)
    {
        using var response = await _http.PostAsJsonAsync(
            $"exchanges/{Uri.EscapeDataString(vhost)}/amq.default/publish",
            new
            {
                properties = new { delivery_mode = 2, message_id = Guid.NewGuid().ToString() },
                routing_key = queue,
                payload,
                payload_encoding = "string",
            }
        );
        response.EnsureSuccessStatusCode();
        using var doc = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.True(doc.RootElement.GetProperty("routed").GetBoolean(), $"the message was not routed to {queue}");
    }

    public async Task PurgeAsync(string vhost, string queue) =>
        await _http.DeleteAsync(new Uri($"queues/{Uri.EscapeDataString(vhost)}/{Uri.EscapeDataString(queue)}/contents", UriKind.Relative));

    public void Dispose() => _http.Dispose();
}
