using Yarp.ReverseProxy.Configuration;

namespace FitnessAssistant.Gateway.Proxy;

/// <summary>
/// Fills each cluster's destinations from service discovery (<c>services__{service}__{endpoint}__{i}</c>), so
/// appsettings holds only routes and policies and the AppHost, tests and operators pass addresses the way every other
/// service gets them. The service is the cluster id unless the cluster's metadata names one (<c>Service</c>,
/// <c>Endpoint</c>). Destinations written in configuration win. Destination i is named <c>{service}-{i+1}</c>.
/// </summary>
public sealed class ServiceDiscoveryDestinations(IConfiguration configuration) : IProxyConfigFilter
{
    public ValueTask<ClusterConfig> ConfigureClusterAsync(ClusterConfig cluster, CancellationToken cancel)
    {
        if (cluster.Destinations is { Count: > 0 })
        {
            return ValueTask.FromResult(cluster);
        }
        var service = cluster.Metadata?.GetValueOrDefault("Service") ?? cluster.ClusterId;
        var endpoint = cluster.Metadata?.GetValueOrDefault("Endpoint") ?? "http";
        var addresses = configuration.GetServiceEndpoints(service, endpoint);
        if (addresses.Count == 0)
        {
            throw new InvalidOperationException(
                $"Cluster '{cluster.ClusterId}' has no destinations: set services__{service}__{endpoint}__0 (one entry per replica).");
        }
        var destinations = addresses
            .Select((address, i) => (Id: $"{service}-{i + 1}", Config: new DestinationConfig { Address = address.ToString() }))
            .ToDictionary(d => d.Id, d => d.Config, StringComparer.OrdinalIgnoreCase);
        return ValueTask.FromResult(cluster with { Destinations = destinations });
    }

    public ValueTask<RouteConfig> ConfigureRouteAsync(RouteConfig route, ClusterConfig? cluster, CancellationToken cancel)
        => ValueTask.FromResult(route);
}
