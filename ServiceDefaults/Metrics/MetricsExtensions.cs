using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
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

    /// <summary><c>GET /metrics</c> in the Prometheus text format, for Prometheus or any scraper.</summary>
    public static IEndpointConventionBuilder MapPrometheusMetrics(this IEndpointRouteBuilder endpoints)
        => endpoints.MapPrometheusScrapingEndpoint().ExcludeFromDescription();
}
