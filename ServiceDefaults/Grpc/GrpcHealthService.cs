using FitnessAssistant.ServiceDefaults.Grpc.Health;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using ServingStatus = FitnessAssistant.ServiceDefaults.Grpc.Health.HealthCheckResponse.Types.ServingStatus;

namespace FitnessAssistant.ServiceDefaults.Grpc;

/// <summary>
/// <c>grpc.health.v1.Health/Check</c>, answered from the same health checks as <c>/health</c>, so a gRPC prober and
/// an HTTP prober agree. The empty service name means the whole server; an unmapped name is NOT_FOUND (spec).
/// </summary>
internal static class GrpcHealthService
{
    public const string ServiceName = "grpc.health.v1.Health";

    public static async Task<HealthCheckResponse> CheckAsync(HealthCheckRequest request, GrpcCallContext context)
    {
        var services = context.HttpContext.RequestServices;
        if (request.Service.Length > 0 && !services.GetRequiredService<GrpcServiceRegistry>().Contains(request.Service))
        {
            throw new GrpcException(GrpcStatusCode.NotFound, $"Unknown service '{request.Service}'.");
        }
        var checks = services.GetService<HealthCheckService>();
        if (checks is null)
        {
            return new HealthCheckResponse { Status = ServingStatus.Serving };
        }
        var report = await checks.CheckHealthAsync(context.CancellationToken);
        return new HealthCheckResponse
        {
            Status = report.Status == HealthStatus.Unhealthy ? ServingStatus.NotServing : ServingStatus.Serving,
        };
    }
}
