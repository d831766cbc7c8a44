using FitnessAssistant.AppHost.Configuration;
using FitnessAssistant.Hosting.Resources;
using FitnessAssistant.Hosting.Supervision;

namespace FitnessAssistant.AppHost.Orchestration;

/// <summary>
/// Starts the system in dependency order and stops it in reverse: backing servers first (in parallel), then each
/// service as soon as everything it references is running and healthy, then Prometheus. Each resource's supervisor
/// then keeps it running. Stopping (Ctrl+C, SIGTERM) stops every service, then the servers, leaving nothing behind.
/// </summary>
public sealed class Orchestrator(ResourceCatalog catalog, AppHostOptions options, ILogger<Orchestrator> logger) : BackgroundService
{
    private readonly TaskCompletionSource<bool> _started = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>Completes when every resource has started (true) or start-up ended with a failure or a stop (false).</summary>
    public Task<bool> Started => _started.Task;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        foreach (var resource in catalog.All)
        {
            resource.Supervisor.StateChanged += status => ReportState(status);
        }
        logger.LogInformation("State directory {StateDirectory}; dashboard {Dashboard}", options.StateDirectory, options.DashboardUri());
        try
        {
            var allStarted = await StartAllAsync(stoppingToken);
            if (allStarted)
            {
                PrintWelcome();
            }
            else
            {
                logger.LogError("Some resources could not be started; the dashboard ({Dashboard}) shows which and why. Ctrl+C stops everything.",
                    options.DashboardUri());
            }
            _started.TrySetResult(allStarted);
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            _started.TrySetResult(false);
        }
    }

    public override async Task StopAsync(CancellationToken cancellationToken)
    {
        await base.StopAsync(cancellationToken);
        logger.LogInformation("Stopping every service, then the servers");
        // Reverse dependency order: callers (the gateway) go before what they call, so no request hits a stopped service.
        var services = catalog.System.Services;
        foreach (var layer in services.GroupBy(Depth).OrderByDescending(layer => layer.Key))
        {
            await Task.WhenAll(layer.Select(service => catalog[service].Supervisor.StopAsync()));
        }
        if (catalog.Prometheus is not null)
        {
            await catalog.Prometheus.Supervisor.StopAsync();
        }
        await Task.WhenAll(catalog.Servers.Select(server => server.Supervisor.StopAsync()));
        logger.LogInformation("Everything is stopped");
    }

    private async Task<bool> StartAllAsync(CancellationToken cancellationToken)
    {
        foreach (var service in catalog.Services)
        {
            service.Supervisor.Hold(ResourceState.Waiting, $"waiting for {string.Join(", ", service.DependsOn)}");
        }
        var servers = await Task.WhenAll(catalog.Servers.Select(server => server.Supervisor.StartAsync(cancellationToken)));
        if (!servers.All(started => started))
        {
            var failed = catalog.Servers.Where(server => server.Supervisor.State == ResourceState.Failed).Select(server => server.Name);
            foreach (var service in catalog.Services)
            {
                service.Supervisor.Hold(ResourceState.Failed, $"not started: {string.Join(", ", failed)} failed to start");
            }
            return false;
        }

        var prometheus = catalog.Prometheus?.Supervisor.StartAsync(cancellationToken) ?? Task.FromResult(true);
        var starts = new Dictionary<ProjectResource, Task<bool>>();
        foreach (var service in catalog.System.Services)
        {
            starts[service] = StartServiceAsync(service, starts, cancellationToken);
        }
        var results = await Task.WhenAll(starts.Values);
        // Prometheus is a tool, not part of the system: without it the system still runs.
        await prometheus;
        return results.All(started => started);
    }

    private async Task<bool> StartServiceAsync(ProjectResource service, Dictionary<ProjectResource, Task<bool>> starts, CancellationToken cancellationToken)
    {
        var references = service.References.Select(reference => (reference, started: starts[reference])).ToList();
        await Task.WhenAll(references.Select(r => r.started));
        var failed = references.Where(r => !r.started.Result).Select(r => r.reference.Name).ToList();
        var supervisor = catalog[service].Supervisor;
        if (failed.Count > 0)
        {
            supervisor.Hold(ResourceState.Failed, $"not started: {string.Join(", ", failed)} failed to start");
            return false;
        }
        return await supervisor.StartAsync(cancellationToken);
    }

    /// <summary>A service's distance from the leaves of the reference graph: 0 for one that calls no other service.</summary>
    private static int Depth(ProjectResource service)
        => service.References.Count == 0 ? 0 : 1 + service.References.Max(Depth);

    private void ReportState(ResourceStatus status)
    {
        var detail = status.Detail is null ? "" : $" ({status.Detail})";
        var level = status.State switch
        {
            ResourceState.Failed => LogLevel.Error,
            ResourceState.Restarting or ResourceState.Unhealthy => LogLevel.Warning,
            _ => LogLevel.Information,
        };
        logger.Log(level, "{Resource}: {State}{Detail}", status.Name, status.State, detail);
    }

    private void PrintWelcome()
    {
        var gateway = catalog.System.Gateway.HttpEndpoint;
        var lines = new List<string>
        {
            "FitnessAssistant is up.",
            $"  gateway (public API): {gateway}",
            $"  API docs:             {new Uri(gateway, "/swagger")}",
            $"  dashboard:            {options.DashboardUri()}",
        };
        if (catalog.Prometheus is { } prometheus)
        {
            lines.Add($"  prometheus:           {prometheus.Endpoints["http"]}");
        }
        foreach (var service in catalog.Services)
        {
            lines.AddRange(service.DevCredentials.Select(credential => $"  {service.Name} {credential.Label}: {credential.Value}"));
        }
        lines.Add($"  try: curl -H 'X-Api-Key: {catalog.System.GatewayCredentials.ApiKey}' '{new Uri(gateway, "/api/v1/search?q=push%20up").AbsoluteUri}'");
        lines.Add("Ctrl+C stops everything.");
        logger.LogInformation("{Welcome}", string.Join(Environment.NewLine, lines));
    }
}
