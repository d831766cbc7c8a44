using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using FitnessAssistant.AppHost.Lifecycle;

namespace FitnessAssistant.AppHost.Metrics;

/// <summary>
/// What the AppHost knows about every resource, as Prometheus series (prometheus/alerts.yml reads them):
/// <c>fitness_apphost_resource_up</c> and <c>_healthy</c> (1/0), <c>fitness_apphost_resource_restarts_total</c>, and
/// the free and total bytes of the state directory's filesystem. Backing servers have no <c>/metrics</c> of their
/// own, so this is how their state reaches the alerts.
/// </summary>
internal sealed class ResourceMetrics : ResourceWatcher, IDisposable
{
    public const string MeterName = "FitnessAssistant.AppHost";

    private readonly ConcurrentDictionary<string, ResourceSeries> _resources = new();
    private readonly ResourceNotificationService _notifications;
    private readonly Meter _meter;

    public ResourceMetrics(ResourceNotificationService notifications, IHostApplicationLifetime lifetime, IMeterFactory meters,
        SystemSettings settings) : base(lifetime)
    {
        _notifications = notifications;
        _meter = meters.Create(MeterName);
        _meter.CreateObservableGauge("fitness.apphost.resource.up",
            () => _resources.Values.Select(r => new Measurement<int>(r.Up ? 1 : 0, r.Tags)), description: "1 while the resource's process runs");
        _meter.CreateObservableGauge("fitness.apphost.resource.healthy",
            () => _resources.Values.Select(r => new Measurement<int>(r.Healthy ? 1 : 0, r.Tags)), description: "1 while its health checks pass");
        _meter.CreateObservableCounter("fitness.apphost.resource.restarts",
            () => _resources.Values.Select(r => new Measurement<long>(r.Restarts, r.Tags)), description: "restarts after a crash");
        var stateDirectory = new[] { new KeyValuePair<string, object?>("path", settings.StateDirectory) };
        _meter.CreateObservableGauge("fitness.apphost.disk.free", () => new Measurement<long>(new DriveInfo(settings.StateDirectory).AvailableFreeSpace, stateDirectory), unit: "By");
        _meter.CreateObservableGauge("fitness.apphost.disk.size", () => new Measurement<long>(new DriveInfo(settings.StateDirectory).TotalSize, stateDirectory), unit: "By");
    }

    protected override async Task RunAsync(CancellationToken stoppingToken)
    {
        try
        {
            await foreach (var change in _notifications.WatchAsync(stoppingToken))
            {
                if (change.Resource is not (ExecutableResource or ProjectResource) || change.Snapshot.IsHidden)
                {
                    continue;
                }
                var series = _resources.GetOrAdd(change.ResourceId, id => new ResourceSeries(id, change.Resource.Name, Kind(change.Resource)));
                series.Up = change.Snapshot.State?.Text == KnownResourceStates.Running;
                series.Healthy = series.Up && change.Snapshot.HealthStatus == HealthStatus.Healthy;
                series.Restarts = change.Snapshot.Properties.FirstOrDefault(p => p.Name == Restarts.RestartOnCrashAnnotation.RestartsProperty)?.Value is int restarts
                    ? restarts
                    : series.Restarts;
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }

    private static string Kind(IResource resource) => resource switch
    {
        LocalServers.LocalPostgresResource => "postgres",
        LocalServers.LocalRedisResource => "redis",
        LocalServers.LocalRabbitMqResource => "rabbitmq",
        LocalServers.LocalPrometheusResource => "prometheus",
        _ => "project",
    };

    public void Dispose() => _meter.Dispose();

    /// <summary>One process: <c>resource</c> is Aspire's instance id (a replica's own), <c>name</c> the resource it belongs to.</summary>
    private sealed class ResourceSeries(string resource, string name, string kind)
    {
        public KeyValuePair<string, object?>[] Tags { get; } = [new("resource", resource), new("name", name), new("kind", kind)];

        public bool Up { get; set; }

        public bool Healthy { get; set; }

        public long Restarts { get; set; }
    }
}
