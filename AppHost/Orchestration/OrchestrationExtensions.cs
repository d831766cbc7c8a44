using System.Diagnostics.Metrics;
using FitnessAssistant.AppHost.Configuration;
using FitnessAssistant.AppHost.Prometheus;
using FitnessAssistant.AppHost.Telemetry;
using FitnessAssistant.Hosting;

namespace FitnessAssistant.AppHost.Orchestration;

public static class OrchestrationExtensions
{
    /// <summary>
    /// The whole system as supervised resources (servers, services, and Prometheus when installed), wired as in the
    /// tests (<see cref="FitnessSystem"/>), plus what only the AppHost adds: the public gateway port, telemetry
    /// export to the dashboard, and the orchestrator that starts everything in order and stops it on Ctrl+C/SIGTERM.
    /// </summary>
    public static WebApplicationBuilder AddFitnessSystem(this WebApplicationBuilder builder, AppHostOptions options)
    {
        // Owned by the container, so its lock on the state directory is released when the host is disposed.
        builder.Services.AddSingleton(_ => Infrastructure.Create(options.StateDirectory));
        builder.Services.AddSingleton(services =>
        {
            var system = new FitnessSystem(services.GetRequiredService<Infrastructure>(), options.SearchReplicas);
            if (options.GatewayPort != 0)
            {
                system.Gateway.WithEndpointPort("http", options.GatewayPort);
            }
            foreach (var service in system.Services)
            {
                service.WithTelemetryExport(options.DashboardUri());
            }
            // Shown with the public URLs and on the dashboard: what a developer needs to call the API right away.
            system.Gateway
                .WithDevCredential("API key (header X-Api-Key)", system.GatewayCredentials.ApiKey)
                .WithDevCredential("admin bearer token (12 h)",
                    system.GatewayCredentials.MintToken("local-admin", ["admin"], TimeSpan.FromHours(12)));
            return system;
        });
        builder.Services.AddSingleton(services =>
        {
            var system = services.GetRequiredService<FitnessSystem>();
            var logger = services.GetRequiredService<ILogger<ResourceCatalog>>();
            PrometheusServer? prometheus = null;
            if (!options.Prometheus)
            {
                logger.LogInformation("Prometheus is switched off (AppHost:Prometheus=false)");
            }
            else if (!PrometheusServer.IsInstalled)
            {
                logger.LogWarning("Prometheus is not installed ({Executable}); run eng/install-prerequisites.sh to get it", PrometheusServer.Executable);
            }
            else
            {
                prometheus = new PrometheusServer("prometheus", options.StateDirectory, options.PrometheusPort, ScrapeTargets(system, options));
            }
            var catalog = new ResourceCatalog(system, prometheus, services.GetRequiredService<ILoggerFactory>());
            ResourceMetrics.Publish(catalog, services.GetRequiredService<IMeterFactory>());
            StateVolumeMetrics.Publish(options.StateDirectory, services.GetRequiredService<IMeterFactory>());
            return catalog;
        });
        builder.Services.AddSingleton<Orchestrator>();
        builder.Services.AddHostedService(services => services.GetRequiredService<Orchestrator>());
        // Stopping waits for every service and server to stop cleanly (RabbitMQ alone takes several seconds).
        builder.Services.Configure<HostOptions>(host => host.ShutdownTimeout = TimeSpan.FromMinutes(2));
        return builder;
    }

    private static List<ScrapeTarget> ScrapeTargets(FitnessSystem system, AppHostOptions options)
    {
        var targets = system.Services.Select(service => new ScrapeTarget("services", service.HttpEndpoint.Authority,
            new Dictionary<string, string> { ["service"] = service.ServiceName, ["resource"] = service.Name })).ToList();
        targets.Add(new ScrapeTarget("apphost", options.DashboardUri().Authority,
            new Dictionary<string, string> { ["service"] = "apphost", ["resource"] = "apphost" }));
        return targets;
    }
}
