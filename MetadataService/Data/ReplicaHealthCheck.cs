using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace FitnessAssistant.MetadataService.Data;

/// <summary>
/// Degraded, never Unhealthy, while catalog reads bypass a lagging or unreachable read replica (FM-6): the primary
/// serves them, so the service stays ready, but operators see the cause in /health and fitness_health_status.
/// </summary>
public sealed class ReplicaHealthCheck(CatalogDataSources dataSources, ReplicaLagMonitor lagMonitor) : IHealthCheck
{
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        if (dataSources.Replica is null)
        {
            return Task.FromResult(HealthCheckResult.Healthy("No read replica is configured; the primary serves every read."));
        }
        var (onPrimary, reason, lag) = lagMonitor.Status;
        return Task.FromResult(onPrimary
            ? HealthCheckResult.Degraded($"Catalog reads go to the primary: {reason}.")
            : HealthCheckResult.Healthy($"Catalog reads go to the read replica (lag {lag.TotalSeconds:0.0} s)."));
    }
}
