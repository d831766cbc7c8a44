using FitnessAssistant.ServiceDefaults.GrpcDefaults;
using FitnessAssistant.ServiceDefaults.Http;
using FitnessAssistant.ServiceDefaults.Metrics;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace FitnessAssistant.ServiceDefaults;

public static class Extensions
{
    private const string LiveTag = "live";

    /// <summary>
    /// Telemetry, structured logs, health checks, service discovery, resilient HttpClients and problem details
    /// shared by every service.
    /// </summary>
    public static IHostApplicationBuilder AddServiceDefaults(this IHostApplicationBuilder builder)
    {
        builder.ConfigureStructuredLogging();
        builder.ConfigureOpenTelemetry();
        builder.AddDefaultHealthChecks();
        builder.Services.AddHealthStatusMetrics();
        builder.Services.AddServiceDiscovery();
        // Service discovery is not put on every HttpClient: it replaces the transport, and gRPC clients balance over
        // the replicas themselves, which needs the plain SocketsHttpHandler (GrpcDefaults).
        builder.Services.ConfigureHttpClientDefaults(http => http.AddStandardResilienceHandler());
        builder.Services.AddProblemDetails(options => options.CustomizeProblemDetails = ServiceProblemDetails.Customize);
        // Binding failures throw, so that BadRequestExceptionHandler can say what failed (else: a bare status code).
        builder.Services.Configure<RouteHandlerOptions>(options => options.ThrowOnBadRequest = true);
        builder.Services.AddExceptionHandler<BadRequestExceptionHandler>();
        builder.Services.AddExceptionHandler<DependencyOutageExceptionHandler>();
        return builder;
    }

    public static IHostApplicationBuilder ConfigureStructuredLogging(this IHostApplicationBuilder builder)
    {
        builder.Logging.ClearProviders();
        // One JSON object per line; the scopes carry TraceId and SpanId so a log line can be joined to its trace.
        builder.Logging.AddJsonConsole(options =>
        {
            options.IncludeScopes = true;
            options.UseUtcTimestamp = true;
            options.TimestampFormat = "yyyy-MM-ddTHH:mm:ss.fffZ";
        });
        builder.Logging.Configure(options =>
            options.ActivityTrackingOptions = ActivityTrackingOptions.TraceId | ActivityTrackingOptions.SpanId | ActivityTrackingOptions.ParentId);
        return builder;
    }

    public static IHostApplicationBuilder AddDefaultHealthChecks(this IHostApplicationBuilder builder)
    {
        builder.Services.AddHealthChecks()
            .AddCheck("self", () => HealthCheckResult.Healthy(), [LiveTag]);
        return builder;
    }

    /// <summary>
    /// <c>/health</c>: ready, every check incl. dependencies. <c>/alive</c>: live, the process itself. <c>/metrics</c>:
    /// Prometheus text format (only the gateway is public, and it routes none of these). With <c>AddGrpcServer</c>:
    /// also <c>grpc.health.v1.Health</c> (and reflection in Development).
    /// </summary>
    public static WebApplication MapDefaultEndpoints(this WebApplication app)
    {
        app.MapHealthChecks("/health", new HealthCheckOptions { ResponseWriter = HealthReportWriter.WriteAsync });
        app.MapHealthChecks("/alive", new HealthCheckOptions
        {
            Predicate = check => check.Tags.Contains(LiveTag),
            ResponseWriter = HealthReportWriter.WriteAsync,
        });
        app.MapGrpcDefaults();
        app.MapPrometheusMetrics(app.Configuration);
        return app;
    }
}
