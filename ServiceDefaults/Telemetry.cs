using System.Diagnostics;
using System.Reflection;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using OpenTelemetry;
using OpenTelemetry.Logs;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;

namespace FitnessAssistant.ServiceDefaults;

/// <summary>
/// OpenTelemetry without OpenTelemetry.Extensions.Hosting (it does not restore here): the providers are built
/// directly and owned by a hosted service that flushes them on shutdown.
/// </summary>
public static class Telemetry
{
    /// <summary>Prefix of every ActivitySource and Meter the project's own code creates.</summary>
    public const string SourcePrefix = "FitnessAssistant";

    private static readonly string[] FrameworkSources = ["Microsoft.AspNetCore", "System.Net.Http"];
    private static readonly string[] FrameworkMeters =
        ["Microsoft.AspNetCore.Hosting", "Microsoft.AspNetCore.Server.Kestrel", "System.Net.Http", "System.Runtime"];

    public static IHostApplicationBuilder ConfigureOpenTelemetry(this IHostApplicationBuilder builder)
    {
        var serviceName = builder.Configuration["OTEL_SERVICE_NAME"] ?? builder.Environment.ApplicationName;
        var resource = ResourceBuilder.CreateDefault().AddService(
            serviceName,
            serviceVersion: Assembly.GetEntryAssembly()?.GetName().Version?.ToString(),
            serviceInstanceId: builder.Configuration["OTEL_SERVICE_INSTANCE_ID"] ?? Environment.ProcessId.ToString());
        var exportOtlp = !string.IsNullOrWhiteSpace(builder.Configuration["OTEL_EXPORTER_OTLP_ENDPOINT"]);

        // The tracer provider is built even without an exporter: it is the listener that makes the framework
        // create activities, which carry trace context into logs and onto outgoing calls.
        var tracing = Sdk.CreateTracerProviderBuilder()
            .SetResourceBuilder(resource)
            .AddSource(FrameworkSources)
            .AddSource(SourcePrefix + ".*")
            .SetSampler(new ParentBasedSampler(new AlwaysOnSampler()));
        var metrics = Sdk.CreateMeterProviderBuilder()
            .SetResourceBuilder(resource)
            .AddMeter(FrameworkMeters)
            .AddMeter(SourcePrefix + ".*");
        if (exportOtlp)
        {
            tracing.AddOtlpExporter();
            metrics.AddOtlpExporter();
            builder.Logging.AddOpenTelemetry(logging =>
            {
                logging.SetResourceBuilder(resource);
                logging.IncludeScopes = true;
                logging.IncludeFormattedMessage = true;
                logging.AddOtlpExporter();
            });
        }

        builder.Services.AddSingleton<IStartupFilter, RequestTelemetry>();
        builder.Services.AddSingleton(new TelemetryProviders(tracing.Build(), metrics.Build()));
        builder.Services.AddHostedService(sp => sp.GetRequiredService<TelemetryProviders>());
        return builder;
    }

    /// <summary>The meters every service exports (OTLP and <c>/metrics</c>): the framework's and the project's own.</summary>
    public static bool IsExportedMeter(string meterName)
        => FrameworkMeters.Contains(meterName) || meterName.StartsWith(SourcePrefix + ".", StringComparison.Ordinal);

    /// <summary>Creates the ActivitySource for one component, named under the project's prefix.</summary>
    public static ActivitySource CreateActivitySource(string component) => new($"{SourcePrefix}.{component}");

    private sealed class TelemetryProviders(TracerProvider tracer, MeterProvider meter) : IHostedService
    {
        public Task StartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

        public Task StopAsync(CancellationToken cancellationToken)
        {
            tracer.Dispose();
            meter.Dispose();
            return Task.CompletedTask;
        }
    }
}
