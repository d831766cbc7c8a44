using System.Net;
using System.Text.Json.Serialization;
using FitnessAssistant.AppHost.Configuration;
using OpenTelemetry.Metrics;

namespace FitnessAssistant.AppHost.Dashboard;

public static class DashboardExtensions
{
    /// <summary>
    /// The dashboard is served by the AppHost itself, on loopback only (it shows dev credentials and every log):
    /// the page, its JSON API, the OTLP receiver and the AppHost's own <c>/metrics</c> share one port.
    /// </summary>
    public static WebApplicationBuilder AddDashboard(this WebApplicationBuilder builder, AppHostOptions options)
    {
        builder.WebHost.ConfigureKestrel(kestrel => kestrel.Listen(IPAddress.Loopback, options.DashboardPort));
        builder.Services.ConfigureHttpJsonOptions(json => json.SerializerOptions.Converters.Add(new JsonStringEnumConverter()));
        builder.Services.AddProblemDetails();
        // The AppHost's own resource and state-volume gauges, for MapPrometheusMetrics.
        builder.Services.AddOpenTelemetry().WithMetrics(metrics => metrics.AddMeter(ServiceDefaults.Telemetry.SourcePrefix + ".*").AddPrometheusExporter());
        return builder;
    }

    public static WebApplication MapDashboard(this WebApplication app)
    {
        app.UseDefaultFiles();
        app.UseStaticFiles();
        app.MapDashboardApi();
        return app;
    }
}
