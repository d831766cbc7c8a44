using System.Net;
using System.Net.Sockets;
using Aspire.Hosting.Lifecycle;
using OpenTelemetry.Metrics;

namespace FitnessAssistant.AppHost.Metrics;

public static class MetricsExtensions
{
    /// <summary>
    /// <see cref="ResourceMetrics"/> served in Prometheus' text format on a loopback port of the AppHost's own; the
    /// returned address is what Prometheus scrapes as the <c>apphost</c> job.
    /// </summary>
    public static Uri AddResourceMetrics(this IDistributedApplicationBuilder builder, SystemSettings settings)
    {
        var port = settings.MetricsPort ?? FreeLoopbackPort();
        builder.Services.AddSingleton(settings);
        builder.Services.TryAddEventingSubscriber<ResourceMetrics>();
        builder.Services.AddOpenTelemetry().WithMetrics(metrics => metrics
            .AddMeter(ResourceMetrics.MeterName)
            .AddPrometheusHttpListener(listener =>
            {
                listener.Host = "127.0.0.1";
                listener.Port = port;
            }));
        return new Uri($"http://127.0.0.1:{port}/");
    }

    private static int FreeLoopbackPort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
