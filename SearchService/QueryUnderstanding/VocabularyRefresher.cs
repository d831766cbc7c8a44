using FitnessAssistant.SearchService.Retrieval;
using FitnessAssistant.ServiceDefaults;

namespace FitnessAssistant.SearchService.QueryUnderstanding;

/// <summary>
/// Fetches the catalog's vocabulary (synonyms, misspellings, the words of every exercise) from the metadata
/// service and merges it into the built-in one: at start, retrying with backoff until the metadata service
/// answers, then whenever the index epoch moves. The indexing service moves the epoch after it has applied catalog
/// changes (at most once a second), so the words of a new exercise are known as soon as the exercise can be
/// found, and a burst of writes costs one fetch per epoch, not one per write. Watching the epoch this replica
/// already follows needs no subscription of its own; the epoch is checked in memory every
/// <see cref="EpochCheckInterval"/>, and a slow timer catches anything that changes the vocabulary without moving
/// the epoch (a description edit that leaves the vectors as they are). A failed fetch is retried with backoff, but
/// at once when the epoch moves meanwhile: the indexer read the change from the metadata service, so it is back, and
/// a freshly created exercise's words must not wait out a backoff grown during its outage.
/// </summary>
public sealed class VocabularyRefresher(
    IExerciseCatalog catalog, IIndexEpochSource epochs, VocabularyProvider provider, ILogger<VocabularyRefresher> logger)
    : BackgroundService
{
    private static readonly TimeSpan EpochCheckInterval = TimeSpan.FromMilliseconds(200);
    private static readonly TimeSpan SafetyInterval = TimeSpan.FromMinutes(10);
    private static readonly TimeSpan FirstRetry = TimeSpan.FromSeconds(1);
    private static readonly TimeSpan MaxRetry = TimeSpan.FromSeconds(30);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var retry = FirstRetry;
        try
        {
            while (true)
            {
                // The epoch is read before the fetch: one that moves during it triggers another.
                var epoch = epochs.Current;
                if (await TryLoadAsync(stoppingToken))
                {
                    retry = FirstRetry;
                    await WaitForChangeAsync(epoch, SafetyInterval, stoppingToken);
                }
                else
                {
                    await WaitForChangeAsync(epoch, retry, stoppingToken);
                    retry = TimeSpan.FromTicks(Math.Min(retry.Ticks * 2, MaxRetry.Ticks));
                }
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }

    private async Task<bool> TryLoadAsync(CancellationToken stoppingToken)
    {
        try
        {
            var vocabulary = await catalog.GetVocabularyAsync(stoppingToken);
            // The first load is news; the refreshes that follow every epoch are not.
            var level = provider.HasCatalogVocabulary ? LogLevel.Debug : LogLevel.Information;
            provider.UseCatalogVocabulary(vocabulary.Facets, vocabulary.Words);
            logger.Log(level, "Catalog vocabulary loaded: {Values} facet values, {Words} words", vocabulary.Facets.Count, vocabulary.Words.Count);
            return true;
        }
        catch (DependencyUnavailableException ex)
        {
            logger.LogWarning("Catalog vocabulary not loaded (the previous one serves meanwhile): {Reason}", ex.Message);
            return false;
        }
    }

    /// <summary>Returns once the epoch differs from <paramref name="loadedAt"/>, or after <paramref name="atMost"/>.</summary>
    private async Task WaitForChangeAsync(long? loadedAt, TimeSpan atMost, CancellationToken stoppingToken)
    {
        var until = DateTime.UtcNow + atMost;
        while (epochs.Current == loadedAt && DateTime.UtcNow < until)
        {
            await Task.Delay(EpochCheckInterval, stoppingToken);
        }
    }
}
