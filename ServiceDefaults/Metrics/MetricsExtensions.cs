using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace FitnessAssistant.ServiceDefaults.Metrics;

public static class MetricsExtensions
{
    /// <summary>The Prometheus collector, plus each health check's result as a gauge (checks re-run every 15 s).</summary>
    public static IServiceCollection AddPrometheusMetrics(this IServiceCollection services)
    {
        services.AddSingleton<PrometheusCollector>(_ => new PrometheusCollector());
        services.AddSingleton<IHealthCheckPublisher, HealthStatusMetrics>();
        services.Configure<HealthCheckPublisherOptions>(options =>
        {
            options.Delay = TimeSpan.FromSeconds(2);
            options.Period = TimeSpan.FromSeconds(15);
        });
        return services;
    }

    /// <summary><c>GET /metrics</c> in the Prometheus text format, for Prometheus (the AppHost starts one) or any scraper.</summary>
    public static IEndpointConventionBuilder MapPrometheusMetrics(this IEndpointRouteBuilder endpoints)
    {
        // Created now, not at the first scrape: the listener only sees measurements made after it exists.
        var collector = endpoints.ServiceProvider.GetRequiredService<PrometheusCollector>();
        return endpoints.MapGet("/metrics", () => TypedResults.Text(collector.Collect(), PrometheusCollector.ContentType))
            .ExcludeFromDescription();
    }
}
