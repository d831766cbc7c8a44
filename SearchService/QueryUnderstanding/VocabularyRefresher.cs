using FitnessAssistant.SearchService.Retrieval;

namespace FitnessAssistant.SearchService.QueryUnderstanding;

/// <summary>
/// Fetches the catalog's vocabulary (synonyms, misspellings, the words of every exercise) from the metadata
/// service and merges it into the built-in one: at start, retrying with backoff until the metadata service
/// answers, then periodically, since the catalog's words change with the catalog.
/// </summary>
public sealed class VocabularyRefresher(IExerciseCatalog catalog, VocabularyProvider provider, ILogger<VocabularyRefresher> logger)
    : BackgroundService
{
    private static readonly TimeSpan RefreshInterval = TimeSpan.FromMinutes(10);
    private static readonly TimeSpan FirstRetry = TimeSpan.FromSeconds(1);
    private static readonly TimeSpan MaxRetry = TimeSpan.FromSeconds(30);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var retry = FirstRetry;
        while (!stoppingToken.IsCancellationRequested)
        {
            TimeSpan wait;
            try
            {
                var vocabulary = await catalog.GetVocabularyAsync(stoppingToken);
                provider.UseCatalogVocabulary(vocabulary.Facets, vocabulary.Words);
                logger.LogInformation("Catalog vocabulary loaded: {Values} facet values, {Words} words",
                    vocabulary.Facets.Count, vocabulary.Words.Count);
                retry = FirstRetry;
                wait = RefreshInterval;
            }
            catch (DependencyUnavailableException ex)
            {
                logger.LogWarning("Catalog vocabulary not loaded (the built-in one serves meanwhile): {Reason}", ex.Message);
                wait = retry;
                retry = TimeSpan.FromTicks(Math.Min(retry.Ticks * 2, MaxRetry.Ticks));
            }
            try
            {
                await Task.Delay(wait, stoppingToken);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }
}
