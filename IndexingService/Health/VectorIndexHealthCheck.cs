using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace FitnessAssistant.IndexingService.Health;

/// <summary>Ready when the vector database answers; reports the active version and epoch.</summary>
internal sealed class VectorIndexHealthCheck(IVectorIndex index) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        try
        {
            var state = await index.GetStateAsync(cancellationToken);
            return HealthCheckResult.Healthy($"active version {state.ActiveVersion ?? "(none yet)"}, epoch {state.Epoch}");
        }
        catch (Exception ex) when (ex is Npgsql.NpgsqlException or IndexNotReadyException or TimeoutException)
        {
            return HealthCheckResult.Unhealthy("vector database unavailable", ex);
        }
    }
}
