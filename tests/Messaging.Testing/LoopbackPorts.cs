using System.Net;
using System.Net.Sockets;

namespace Messaging.Testing;

public static class LoopbackPorts
{
    // Every port handed out in this test run. Fixtures pick their ports before any container holds them, so two picks (two
    // fixtures, or one cluster's six) could be given the same port nothing listens on yet; CI saw a cluster node refused
    // its port as "already allocated".
    private static readonly HashSet<int> Given = [];

    /// <summary>
    /// A loopback port nothing listens on now, and never handed out before in this run. A container published on a port of
    /// its own choosing would get another after a restart; one published on a port chosen here keeps it, so clients
    /// reconnect to where they were.
    /// </summary>
    public static int Free()
    {
        lock (Given)
        {
            while (true)
            {
                using var listener = new TcpListener(IPAddress.Loopback, 0);
                listener.Start();
                var port = ((IPEndPoint)listener.LocalEndpoint).Port;
                if (Given.Add(port))
                {
                    return port;
                }
            }
        }
    }
}
