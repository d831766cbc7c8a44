using FitnessAssistant.ServiceDefaults.Grpc.Health;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using ServingStatus = FitnessAssistant.ServiceDefaults.Grpc.Health.HealthCheckResponse.Types.ServingStatus;

namespace FitnessAssistant.ServiceDefaults.Grpc;

/// <summary>
/// <c>grpc.health.v1.Health</c>, answered from the same health checks as <c>/health</c>, so a gRPC prober and
/// an HTTP prober agree. The empty service name means the whole server. For a name no one mapped, Check answers
/// NOT_FOUND and Watch streams SERVICE_UNKNOWN, as the health protocol says.
/// </summary>
internal static class GrpcHealthService
{
    public const string ServiceName = "grpc.health.v1.Health";

    private static readonly TimeSpan WatchInterval = TimeSpan.FromSeconds(5);

    public static async Task<HealthCheckResponse> CheckAsync(HealthCheckRequest request, GrpcCallContext context)
    {
        var status = await StatusAsync(request.Service, context);
        return status == ServingStatus.ServiceUnknown
            ? throw new GrpcException(GrpcStatusCode.NotFound, $"Unknown service '{request.Service}'.")
            : new HealthCheckResponse { Status = status };
    }

    /// <summary>The current status at once, then every change, until the client goes away.</summary>
    public static async IAsyncEnumerable<HealthCheckResponse> WatchAsync(HealthCheckRequest request, GrpcCallContext context)
    {
        ServingStatus? last = null;
        while (true)
        {
            var status = await StatusAsync(request.Service, context);
            if (status != last)
            {
                last = status;
                yield return new HealthCheckResponse { Status = status };
            }
            await Task.Delay(WatchInterval, context.CancellationToken);
        }
    }

    private static async Task<ServingStatus> StatusAsync(string service, GrpcCallContext context)
    {
        var services = context.HttpContext.RequestServices;
        if (service.Length > 0 && !services.GetRequiredService<GrpcServiceRegistry>().Contains(service))
        {
            return ServingStatus.ServiceUnknown;
        }
        if (services.GetService<HealthCheckService>() is not { } checks)
        {
            return ServingStatus.Serving;
        }
        var report = await checks.CheckHealthAsync(context.CancellationToken);
        return report.Status == HealthStatus.Unhealthy ? ServingStatus.NotServing : ServingStatus.Serving;
    }
}
