using FitnessAssistant.IndexingService.Messaging;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace FitnessAssistant.IndexingService.Health;

/// <summary>
/// Degraded (still ready: searches are unaffected, events wait in RabbitMQ) while the consumer is disconnected from
/// the broker or paused for a dependency.
/// </summary>
internal sealed class ConsumerHealthCheck(CatalogEventConsumer consumer) : IHealthCheck
{
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
        => Task.FromResult((consumer.IsConnected, consumer.PausedFor) switch
        {
            (false, _) => HealthCheckResult.Degraded("not connected to the event broker; reconnecting"),
            (true, { } dependency) => HealthCheckResult.Degraded($"consuming, but paused: {dependency} unavailable"),
            _ => HealthCheckResult.Healthy("consuming catalog events"),
        });
}
