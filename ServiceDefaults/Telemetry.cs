using System.Diagnostics;
using System.Diagnostics.Metrics;
using System.Reflection;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using OpenTelemetry.Logs;
using OpenTelemetry;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;

namespace FitnessAssistant.ServiceDefaults;

/// <summary>
/// OpenTelemetry as in the Aspire service defaults: ASP.NET Core, HttpClient, gRPC client and runtime
/// instrumentation plus the project's own sources and meters; OTLP export when <c>OTEL_EXPORTER_OTLP_ENDPOINT</c>
/// is set, and the Prometheus exporter behind <c>/metrics</c>.
/// </summary>
public static class Telemetry
{
    /// <summary>Prefix of every ActivitySource and Meter the project's own code creates.</summary>
    public const string SourcePrefix = "FitnessAssistant";

    // Probes and scrapes come every few seconds and would bury real traffic in every trace view.
    private static readonly PathString[] UntracedPaths = ["/health", "/alive", "/metrics"];

    // The SDK's default boundaries (0, 5, 10, ... 10000) suit milliseconds. The project's histograms in seconds get
    // those ASP.NET Core advises for request durations, extended to two minutes so that slow paths such as the
    // index lag (alerted on above 30 s) still have a quantile.
    private static readonly double[] SecondsBoundaries = [0.005, 0.01, 0.025, 0.05, 0.075, 0.1, 0.25, 0.5, 0.75, 1, 2.5, 5, 7.5, 10, 30, 60, 120];

    public static IHostApplicationBuilder ConfigureOpenTelemetry(this IHostApplicationBuilder builder)
    {
        builder.Logging.AddOpenTelemetry(logging =>
        {
            logging.IncludeScopes = true;
            logging.IncludeFormattedMessage = true;
        });

        builder.Services.AddOpenTelemetry()
            .ConfigureResource(resource => resource.AddService(
                builder.Configuration["OTEL_SERVICE_NAME"] ?? builder.Environment.ApplicationName,
                serviceVersion: Assembly.GetEntryAssembly()?.GetName().Version?.ToString(),
                serviceInstanceId: builder.Configuration["OTEL_SERVICE_INSTANCE_ID"] ?? Environment.ProcessId.ToString()))
            .WithMetrics(metrics => metrics
                .AddAspNetCoreInstrumentation()
                .AddHttpClientInstrumentation()
                .AddRuntimeInstrumentation()
                .AddMeter(SourcePrefix + ".*")
                .AddView(instrument => instrument is Histogram<double> && instrument.Unit == "s"
                                       && instrument.Meter.Name.StartsWith(SourcePrefix + ".", StringComparison.Ordinal)
                    ? new ExplicitBucketHistogramConfiguration { Boundaries = SecondsBoundaries }
                    : null)
                // No scrape cache (the exporter's default is 300 ms): one Prometheus scrapes every 15 s, and a scrape
                // must show what happened before it.
                .AddPrometheusExporter(prometheus => prometheus.ScrapeResponseCacheDurationMilliseconds = 0))
            // Built even without an exporter: the tracer provider is the listener that makes the framework create
            // activities, which carry trace context into logs and onto outgoing calls.
            .WithTracing(tracing => tracing
                .AddSource(SourcePrefix + ".*")
                .AddAspNetCoreInstrumentation(options =>
                    options.Filter = context => !UntracedPaths.Any(path => context.Request.Path.Equals(path, StringComparison.OrdinalIgnoreCase)))
                .AddGrpcClientInstrumentation()
                .AddHttpClientInstrumentation()
                .SetSampler(new ParentBasedSampler(new AlwaysOnSampler())));

        if (!string.IsNullOrWhiteSpace(builder.Configuration["OTEL_EXPORTER_OTLP_ENDPOINT"]))
        {
            builder.Services.AddOpenTelemetry().UseOtlpExporter();
        }
        return builder;
    }

    /// <summary>Creates the ActivitySource for one component, named under the project's prefix.</summary>
    public static ActivitySource CreateActivitySource(string component) => new($"{SourcePrefix}.{component}");
}
