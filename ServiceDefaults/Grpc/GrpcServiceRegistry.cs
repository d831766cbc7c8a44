using System.Collections.Concurrent;

namespace FitnessAssistant.ServiceDefaults.Grpc;

/// <summary>The services this server maps, so health checks and UNIMPLEMENTED answers can tell known from unknown.</summary>
internal sealed class GrpcServiceRegistry
{
    private readonly ConcurrentDictionary<string, bool> _services = new(StringComparer.Ordinal);

    public void Add(string service) => _services[service] = true;

    public bool Contains(string service) => _services.ContainsKey(service);
}
