using System.Net.Sockets;

namespace FitnessAssistant.AppHost.LocalServers;

/// <summary>Protocol-level readiness probes: a port that accepts is not yet a server that answers.</summary>
internal static class TcpProbe
{
    /// <summary>Sends <paramref name="request"/> and returns the first bytes answered, or null if the peer is not up.</summary>
    public static async Task<byte[]?> ExchangeAsync(int port, byte[] request, int expectedBytes, CancellationToken cancellationToken)
    {
        try
        {
            using var client = new TcpClient();
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            timeout.CancelAfter(TimeSpan.FromSeconds(3));
            await client.ConnectAsync("127.0.0.1", port, timeout.Token);
            var stream = client.GetStream();
            await stream.WriteAsync(request, timeout.Token);
            var buffer = new byte[expectedBytes];
            var read = 0;
            while (read < expectedBytes)
            {
                var n = await stream.ReadAsync(buffer.AsMemory(read), timeout.Token);
                if (n == 0)
                {
                    return null;
                }
                read += n;
            }
            return buffer;
        }
        catch (Exception ex) when (ex is SocketException or IOException
                                   || (ex is OperationCanceledException && !cancellationToken.IsCancellationRequested))
        {
            return null;
        }
    }
}
