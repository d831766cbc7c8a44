using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace FitnessAssistant.ServiceDefaults.Metrics;

public static class MetricsExtensions
{
    /// <summary>Each health check's result as a gauge (checks re-run every 15 s).</summary>
    public static IServiceCollection AddHealthStatusMetrics(this IServiceCollection services)
    {
        services.AddSingleton<IHealthCheckPublisher, HealthStatusMetrics>();
        services.Configure<HealthCheckPublisherOptions>(options =>
        {
            options.Delay = TimeSpan.FromSeconds(2);
            options.Period = TimeSpan.FromSeconds(15);
        });
        return services;
    }

    /// <summary>The Kestrel endpoint that, where a service declares it, is the only one serving <c>/metrics</c>.</summary>
    public const string ManagementEndpoint = "management";

    /// <summary>
    /// <c>GET /metrics</c> in the Prometheus text format, for Prometheus or any scraper. A service whose own endpoint is
    /// public (the gateway) declares a Kestrel endpoint named <see cref="ManagementEndpoint"/>: the metrics (upstream
    /// addresses, internal names) are then served on that port only; on any other port the path does not exist.
    /// The check is on the port the connection arrived at, not on the Host header, which the client chooses.
    /// </summary>
    public static IEndpointConventionBuilder MapPrometheusMetrics(this IEndpointRouteBuilder endpoints, IConfiguration configuration)
    {
        var metrics = endpoints.MapPrometheusScrapingEndpoint().ExcludeFromDescription();
        if (configuration[$"Kestrel:Endpoints:{ManagementEndpoint}:Url"] is { } url)
        {
            var port = new Uri(url).Port;
            metrics.Add(endpoint =>
            {
                var scrape = endpoint.RequestDelegate!;
                endpoint.RequestDelegate = context =>
                {
                    if (context.Connection.LocalPort == port)
                    {
                        return scrape(context);
                    }
                    context.Response.StatusCode = StatusCodes.Status404NotFound;
                    return Task.CompletedTask;
                };
            });
        }
        return metrics;
    }
}
