using System.Net;
using System.Net.Sockets;

namespace FitnessAssistant.Hosting.Processes;

public static class FreePort
{
    /// <summary>A loopback TCP port that was free a moment ago (the kernel picks it; the caller binds it soon after).</summary>
    public static int Next()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
