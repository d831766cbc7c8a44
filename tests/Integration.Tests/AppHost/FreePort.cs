using System.Net;
using System.Net.Sockets;

namespace FitnessAssistant.IntegrationTests.AppHost;

/// <summary>Ports for the AppHost run as a process (<see cref="AppHostFixture"/>: dashboard, gateway), which takes them as settings.</summary>
internal static class FreePort
{
    private static readonly HashSet<int> Handed = [];

    /// <summary>
    /// A loopback TCP port that was free a moment ago; the caller binds it later (a service may start minutes after
    /// it is chosen). It is drawn below the kernel's ephemeral range: a port the kernel picked for "port 0" is also
    /// what it gives outgoing connections, so one of those could take it before the service binds.
    /// </summary>
    public static int Next()
    {
        var (low, _) = EphemeralRange();
        var first = Math.Min(10_000, low - 1000);
        lock (Handed)
        {
            for (var attempt = 0; attempt < 200; attempt++)
            {
                var port = Random.Shared.Next(first, low);
                if (!Handed.Contains(port) && IsFree(port))
                {
                    Handed.Add(port);
                    return port;
                }
            }
        }
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private static bool IsFree(int port)
    {
        try
        {
            using var listener = new TcpListener(IPAddress.Loopback, port);
            listener.Start();
            return true;
        }
        catch (SocketException)
        {
            return false;
        }
    }

    private static (int Low, int High) EphemeralRange()
    {
        try
        {
            var parts = File.ReadAllText("/proc/sys/net/ipv4/ip_local_port_range")
                .Split((char[])['\t', ' ', '\n'], StringSplitOptions.RemoveEmptyEntries);
            return (int.Parse(parts[0]), int.Parse(parts[1]));
        }
        catch (Exception ex) when (ex is IOException or FormatException or IndexOutOfRangeException or UnauthorizedAccessException)
        {
            return (32768, 60999);
        }
    }
}
