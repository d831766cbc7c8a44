namespace FitnessAssistant.IndexingService.Health;

/// <summary>
/// Creates the vector index schema before anything else uses it. PostgreSQL may still be starting (a fresh system
/// starts everything at once), so it retries for a while before giving up and failing the start.
/// </summary>
internal sealed class VectorIndexInitializer(IVectorIndex index, ILogger<VectorIndexInitializer> logger) : IHostedService
{
    private static readonly TimeSpan GiveUpAfter = TimeSpan.FromSeconds(60);

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        var started = DateTime.UtcNow;
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                await index.EnsureCreatedAsync(cancellationToken);
                var state = await index.GetStateAsync(cancellationToken);
                logger.LogInformation("Vector index ready: active version {ActiveVersion} ({Model}), epoch {Epoch}",
                    state.ActiveVersion ?? "(none)", state.ActiveModel?.ToString() ?? "-", state.Epoch);
                return;
            }
            catch (Exception ex) when (ex is Npgsql.NpgsqlException or TimeoutException && DateTime.UtcNow - started < GiveUpAfter)
            {
                logger.LogWarning("Vector database not reachable yet (attempt {Attempt}): {Reason}", attempt, ex.Message);
                await Task.Delay(TimeSpan.FromSeconds(Math.Min(5, attempt)), cancellationToken);
            }
        }
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
