using System.Data.Common;
using System.Net.Sockets;

namespace FitnessAssistant.ServiceDefaults;

/// <summary>
/// Whether a request failed because a database or another server did not answer: not the client's fault and worth
/// retrying, so REST answers 503 and gRPC UNAVAILABLE instead of a 500 or INTERNAL.
/// </summary>
public static class DependencyOutage
{
    /// <summary>A transient database error, a refused or broken connection, or a timeout, anywhere in the chain.</summary>
    public static bool IsOutage(Exception exception)
    {
        for (var current = exception; current is not null; current = current.InnerException)
        {
            if (current is DbException { IsTransient: true } or SocketException or TimeoutException)
            {
                return true;
            }
        }
        return false;
    }
}
