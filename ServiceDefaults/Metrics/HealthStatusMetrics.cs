using System.Diagnostics.Metrics;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace FitnessAssistant.ServiceDefaults.Metrics;

/// <summary>
/// Every health check's last result as a gauge, <c>fitness_health_status{check="..."}</c> (1 healthy,
/// 0.5 degraded, 0 unhealthy), so Prometheus can alert on a dependency that is down as each service sees it.
/// </summary>
internal sealed class HealthStatusMetrics : IHealthCheckPublisher
{
    public const string MeterName = Telemetry.SourcePrefix + ".Health";

    private volatile HealthReport? _last;

    public HealthStatusMetrics(IMeterFactory meters)
    {
        var meter = meters.Create(MeterName);
        meter.CreateObservableGauge("fitness.health.status", Observe,
            description: "Last result of each health check: 1 healthy, 0.5 degraded, 0 unhealthy.");
    }

    public Task PublishAsync(HealthReport report, CancellationToken cancellationToken)
    {
        _last = report;
        return Task.CompletedTask;
    }

    private IEnumerable<Measurement<double>> Observe()
        => _last?.Entries.Select(entry => new Measurement<double>(
               entry.Value.Status switch
               {
                   HealthStatus.Healthy => 1,
                   HealthStatus.Degraded => 0.5,
                   _ => 0,
               },
               new KeyValuePair<string, object?>("check", entry.Key)))
           ?? [];
}
