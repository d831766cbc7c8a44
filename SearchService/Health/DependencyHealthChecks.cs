using FitnessAssistant.SearchService.Caching;
using FitnessAssistant.ServiceDefaults.Redis;
using FitnessAssistant.VectorIndex;
using Grpc.Health.V1;
using HealthClient = Grpc.Health.V1.Health.HealthClient;
using Grpc.Net.ClientFactory;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace FitnessAssistant.SearchService.Health;

/// <summary>
/// Readiness of what search depends on. Each reports Degraded, never Unhealthy, when down: search answers
/// around every one of them (docs/failure-modes.md), and an unready replica would turn degraded answers into
/// 503s at the gateway.
/// </summary>
public static class DependencyHealthChecks
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(2);

    public static IHealthChecksBuilder AddSearchDependencyChecks(this IHealthChecksBuilder checks)
        => checks
            .AddAsyncCheck("redis", RedisAsync)
            .AddAsyncCheck("vectordb", VectorIndexAsync)
            .AddAsyncCheck("embedding", (services, token) => GrpcAsync(services, "embedding", token))
            .AddAsyncCheck("metadata", (services, token) => GrpcAsync(services, "metadata", token));

    /// <summary>The name of the <c>grpc.health.v1</c> client of <paramref name="service"/> (one per service: each has its own channel).</summary>
    public static string HealthClientName(string service) => $"{service}-health";

    private static IHealthChecksBuilder AddAsyncCheck(
        this IHealthChecksBuilder checks, string name, Func<IServiceProvider, CancellationToken, Task<HealthCheckResult>> check)
        => checks.Add(new HealthCheckRegistration(name, services => new DelegateCheck(services, check), HealthStatus.Degraded, ["ready"], Timeout));

    private static async Task<HealthCheckResult> RedisAsync(IServiceProvider services, CancellationToken cancellationToken)
    {
        try
        {
            var latency = await services.GetRequiredService<RedisConnection>().Database.PingAsync().WaitAsync(Timeout, cancellationToken);
            return HealthCheckResult.Healthy($"PING {latency.TotalMilliseconds:0.0} ms");
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            return HealthCheckResult.Degraded("Redis unreachable: answers are computed without the cache", ex);
        }
    }

    private static async Task<HealthCheckResult> VectorIndexAsync(IServiceProvider services, CancellationToken cancellationToken)
    {
        try
        {
            var state = await services.GetRequiredService<IVectorIndexReader>().GetStateAsync(cancellationToken).WaitAsync(Timeout, cancellationToken);
            return HealthCheckResult.Healthy($"epoch {state.Epoch}, active version {state.ActiveVersion ?? "none yet"}");
        }
        catch (IndexNotReadyException ex)
        {
            // Reachable; the indexing service has not built an index yet.
            return HealthCheckResult.Healthy(ex.Message);
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            return HealthCheckResult.Degraded("Vector database unreachable: answers are keyword-only", ex);
        }
    }

    private static async Task<HealthCheckResult> GrpcAsync(IServiceProvider services, string service, CancellationToken cancellationToken)
    {
        try
        {
            var client = services.GetRequiredService<GrpcClientFactory>().CreateClient<HealthClient>(HealthClientName(service));
            var response = await client.CheckAsync(new HealthCheckRequest(), deadline: DateTime.UtcNow + Timeout, cancellationToken: cancellationToken);
            return response.Status == HealthCheckResponse.Types.ServingStatus.Serving
                ? HealthCheckResult.Healthy()
                : HealthCheckResult.Degraded($"{service} reports {response.Status}");
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            return HealthCheckResult.Degraded($"{service} unreachable", ex);
        }
    }

    private sealed class DelegateCheck(IServiceProvider services, Func<IServiceProvider, CancellationToken, Task<HealthCheckResult>> check) : IHealthCheck
    {
        public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
            => check(services, cancellationToken);
    }
}
