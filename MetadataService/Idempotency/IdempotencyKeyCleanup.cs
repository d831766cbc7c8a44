using FitnessAssistant.MetadataService.Data;
using Microsoft.Extensions.Options;

namespace FitnessAssistant.MetadataService.Idempotency;

/// <summary>
/// Deletes idempotency keys older than <see cref="IdempotencyOptions.Retention"/>: one DELETE on the
/// <c>created_at</c> index at start and every <see cref="IdempotencyOptions.CleanupInterval"/>. Every replica runs it; the
/// statement is harmless when another replica got there first. Quiet unless it removed something or failed.
/// </summary>
public sealed class IdempotencyKeyCleanup(
    CatalogDataSources dataSources, IOptions<IdempotencyOptions> options, ILogger<IdempotencyKeyCleanup> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(options.Value.CleanupInterval);
        try
        {
            // Once at start too: a service that never runs an hour would otherwise never clean up.
            do
            {
                await DeleteExpiredAsync(stoppingToken);
            }
            while (await timer.WaitForNextTickAsync(stoppingToken));
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }

    private async Task DeleteExpiredAsync(CancellationToken stoppingToken)
    {
        try
        {
            await using var connection = await dataSources.Primary.OpenConnectionAsync(stoppingToken);
            var deleted = await connection.ExecuteAsync(new CommandDefinition(
                "DELETE FROM idempotency_keys WHERE created_at < now() - @retention",
                new { retention = options.Value.Retention }, cancellationToken: stoppingToken));
            if (deleted > 0)
            {
                logger.LogDebug("Deleted {Deleted} idempotency keys older than {Retention}", deleted, options.Value.Retention);
            }
        }
        catch (Exception ex) when (ex is NpgsqlException or TimeoutException)
        {
            // The next round tries again; expired keys only take space meanwhile.
            logger.LogWarning("Deleting expired idempotency keys failed: {Reason}", ex.Message);
        }
    }
}
