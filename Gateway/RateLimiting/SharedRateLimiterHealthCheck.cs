using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace FitnessAssistant.Gateway.RateLimiting;

/// <summary>Degraded (never unhealthy) while Redis is out: the gateway still serves, on local limits.</summary>
public sealed class SharedRateLimiterHealthCheck(SharedRateLimiter shared) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
        => !shared.IsConfigured ? HealthCheckResult.Healthy("shared limits off: local limits only")
            : await shared.ProbeAsync() ? HealthCheckResult.Healthy("shared sliding window in Redis")
            : HealthCheckResult.Degraded($"Redis unavailable (circuit {shared.CircuitState}): local limits only");
}
