using System.Diagnostics.Metrics;
using FitnessAssistant.Hosting.Supervision;

namespace FitnessAssistant.AppHost.Orchestration;

/// <summary>
/// The supervisors' view as metrics on the AppHost's own <c>/metrics</c>, so Prometheus can alert on a backing server
/// or service that is down or restarting (a server such as PostgreSQL has no exporter of its own here).
/// </summary>
public static class ResourceMetrics
{
    public const string MeterName = "FitnessAssistant.AppHost";

    public static void Publish(ResourceCatalog catalog, IMeterFactory meters)
    {
        var meter = meters.Create(MeterName);
        meter.CreateObservableGauge("fitness.apphost.resource.up",
            () => catalog.All.Select(resource => Measure(resource, IsUp(resource.Supervisor.State) ? 1 : 0)),
            description: "1 when the resource's processes run, 0 otherwise (waiting, restarting, stopped, failed).");
        meter.CreateObservableGauge("fitness.apphost.resource.healthy",
            () => catalog.All.Select(resource => Measure(resource, resource.Supervisor.State == ResourceState.Running ? 1 : 0)),
            description: "1 when the resource runs and its health probe answers healthy.");
        meter.CreateObservableCounter("fitness.apphost.resource.restarts",
            () => catalog.All.Select(resource => new Measurement<long>(resource.Supervisor.RestartCount, Tags(resource))),
            unit: "{restart}",
            description: "Times the AppHost started the resource again after it exited or failed to start.");
    }

    private static bool IsUp(ResourceState state) => state is ResourceState.Running or ResourceState.Unhealthy;

    private static Measurement<int> Measure(ManagedResource resource, int value) => new(value, Tags(resource));

    private static KeyValuePair<string, object?>[] Tags(ManagedResource resource)
        => [new("resource", resource.Name), new("kind", resource.Kind)];
}
