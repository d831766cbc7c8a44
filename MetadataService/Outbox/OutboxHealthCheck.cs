using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace FitnessAssistant.MetadataService.Outbox;

/// <summary>
/// Degraded (not unhealthy) while this replica relays and cannot reach the broker or falls behind: catalog writes
/// still succeed and events wait, so the service stays ready, but operators see it.
/// </summary>
public sealed class OutboxHealthCheck(OutboxRelay relay) : IHealthCheck
{
    private static readonly TimeSpan Lag = TimeSpan.FromMinutes(1);

    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        if (!relay.IsLeader)
        {
            return Task.FromResult(HealthCheckResult.Healthy("Another replica relays the outbox (or none has taken it yet)."));
        }
        if (!relay.BrokerReachable)
        {
            return Task.FromResult(HealthCheckResult.Degraded($"The event bus is unreachable; {relay.Pending} catalog events wait in the outbox."));
        }
        if (relay.OldestPendingAt is { } oldest && DateTime.UtcNow - oldest > Lag)
        {
            return Task.FromResult(HealthCheckResult.Degraded($"The oldest unpublished catalog event is from {oldest:O}."));
        }
        return Task.FromResult(HealthCheckResult.Healthy());
    }
}
