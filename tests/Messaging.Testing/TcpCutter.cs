using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;

namespace Messaging.Testing;

/// <summary>
/// A loopback TCP proxy in front of the broker that can cut every connection through it at once. Whatever was in
/// flight on a cut connection is lost (acknowledgements of messages already committed among it), as on a real network
/// failure; the broker sees the connection drop and redelivers what was not acknowledged.
/// </summary>
public sealed class TcpCutter : IAsyncDisposable
{
    private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
    private readonly string _targetHost;
    private readonly int _targetPort;
    private readonly ConcurrentDictionary<Guid, (TcpClient Client, TcpClient Upstream)> _links = new();
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _accepting;

    private TcpCutter(string targetHost, int targetPort)
    {
        _targetHost = targetHost;
        _targetPort = targetPort;
        _listener.Start();
        _accepting = AcceptAsync();
    }

    public int Port => ((IPEndPoint)_listener.LocalEndpoint).Port;

    public static TcpCutter Start(string targetHost, int targetPort)
    {
        Assert.True(IPAddress.IsLoopback(IPAddress.Parse(targetHost)), $"TcpCutter only proxies to loopback, not {targetHost}.");
        return new TcpCutter(targetHost, targetPort);
    }

    /// <summary>Closes every connection through the proxy; returns how many there were.</summary>
    public int CutAll()
    {
        var cut = 0;
        foreach (var (id, link) in _links)
        {
            if (_links.TryRemove(id, out _))
            {
                link.Client.Dispose();
                link.Upstream.Dispose();
                cut++;
            }
        }

        return cut;
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        _listener.Stop();
        CutAll();
        try
        {
            await _accepting;
        }
        catch (Exception ex) when (ex is OperationCanceledException or SocketException or ObjectDisposedException)
        {
            // Stopping the listener ends the accept loop with one of these.
        }

        _stop.Dispose();
    }

    private async Task AcceptAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            var client = await _listener.AcceptTcpClientAsync(_stop.Token);
            var upstream = new TcpClient();
            try
            {
                await upstream.ConnectAsync(_targetHost, _targetPort, _stop.Token);
            }
            catch (SocketException)
            {
                client.Dispose();
                upstream.Dispose();
                continue;
            }

            var id = Guid.NewGuid();
            _links[id] = (client, upstream);
            _ = PumpAsync(id, client, upstream);
        }
    }

    private async Task PumpAsync(Guid id, TcpClient client, TcpClient upstream)
    {
        var up = client.GetStream().CopyToAsync(upstream.GetStream());
        var down = upstream.GetStream().CopyToAsync(client.GetStream());
        await Task.WhenAny(up, down);
        if (_links.TryRemove(id, out _))
        {
            client.Dispose();
            upstream.Dispose();
        }

        try
        {
            await Task.WhenAll(up, down);
        }
        catch (Exception ex) when (ex is IOException or ObjectDisposedException or SocketException or OperationCanceledException)
        {
            // A cut: the streams end with one of these.
        }
    }
}
