using System.Net;
using System.Net.Sockets;

namespace Messaging.Testing;

public static class LoopbackPorts
{
    /// <summary>
    /// A loopback port nothing listens on now. A container published on a port of its own choosing would get another
    /// after a restart; one published on a port chosen here keeps it, so clients reconnect to where they were.
    /// </summary>
    public static int Free()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
