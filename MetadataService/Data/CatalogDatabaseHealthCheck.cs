using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace FitnessAssistant.MetadataService.Data;

/// <summary>Readiness: the primary answers a query. (A lagging or missing replica only shifts reads to the primary.)</summary>
public sealed class CatalogDatabaseHealthCheck(CatalogDataSources dataSources) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        try
        {
            await using var connection = await dataSources.Primary.OpenConnectionAsync(cancellationToken);
            await connection.ExecuteScalarAsync<int>(new CommandDefinition("SELECT 1", cancellationToken: cancellationToken));
            return HealthCheckResult.Healthy();
        }
        catch (Exception ex) when (ex is NpgsqlException or TimeoutException)
        {
            return HealthCheckResult.Unhealthy("The catalog database does not answer.", ex);
        }
    }
}
