using FitnessAssistant.Hosting.Resources;

namespace FitnessAssistant.AppHost.Telemetry;

public static class TelemetryExtensions
{
    /// <summary>The in-memory stores behind the OTLP receiver and the dashboard's traces and metrics pages.</summary>
    public static WebApplicationBuilder AddTelemetryReceiver(this WebApplicationBuilder builder)
    {
        builder.Services.AddSingleton(TimeProvider.System);
        builder.Services.AddSingleton<TraceStore>();
        builder.Services.AddSingleton<MetricStore>();
        builder.Services.AddSingleton<TelemetryLogStore>();
        return builder;
    }

    /// <summary>
    /// Points a service's OpenTelemetry exporter at the dashboard, as Aspire does: OTLP over HTTP/protobuf, spans and
    /// logs batched for one second and metrics every five, so the dashboard follows the system closely.
    /// </summary>
    public static ProjectResource WithTelemetryExport(this ProjectResource service, Uri dashboard)
        => service
            .WithEnvironment("OTEL_EXPORTER_OTLP_ENDPOINT", dashboard.ToString().TrimEnd('/'))
            .WithEnvironment("OTEL_EXPORTER_OTLP_PROTOCOL", "http/protobuf")
            .WithEnvironment("OTEL_BSP_SCHEDULE_DELAY", "1000")
            .WithEnvironment("OTEL_BLRP_SCHEDULE_DELAY", "1000")
            .WithEnvironment("OTEL_METRIC_EXPORT_INTERVAL", "5000");
}
