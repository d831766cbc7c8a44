using FitnessAssistant.SearchService.Caching;
using FitnessAssistant.SearchService.Related;
using FitnessAssistant.SearchService.Resilience;
using FitnessAssistant.SearchService.Retrieval;
using FitnessAssistant.ServiceDefaults;

namespace FitnessAssistant.SearchService.Search;

/// <summary>
/// Cache-aside around <see cref="HybridSearcher"/>: a fresh entry of the current index epoch answers at once;
/// otherwise the search runs under the overall deadline and a complete answer is cached (a degraded one is
/// not: it would outlive the outage). When the answer cannot be computed, the last good one is served as
/// <c>stale</c>; with none, the failure goes up and becomes a 503.
/// </summary>
public sealed class ExerciseSearch(
    HybridSearcher searcher,
    RelatedSearch related,
    ISearchCache cache,
    IIndexEpochSource epochs,
    DependencyGuard guard,
    SearchMetrics metrics,
    MatchAssessor matches,
    ILogger<ExerciseSearch> logger)
{
    /// <exception cref="DependencyUnavailableException">No answer could be computed and none was cached.</exception>
    public async Task<SearchAnswer> SearchAsync(ValidatedSearch search, CancellationToken cancellationToken)
    {
        var answer = await AnswerAsync(search, cancellationToken);
        if (answer.Outcome.Hits.Count == 0)
        {
            metrics.ZeroResults();
        }
        return answer with { Match = matches.Assess(search.Query, answer.Outcome) };
    }

    private async Task<SearchAnswer> AnswerAsync(ValidatedSearch search, CancellationToken cancellationToken)
    {
        var epoch = epochs.Current;
        var cacheFailed = false;
        // Sent before the result cache's read, the query vector's cache read shares its round trip; on a hit it is unused.
        var vector = searcher.BeginEmbedding(search.Query, cancellationToken);
        if (epoch is { } current)
        {
            var read = await cache.GetAsync(search.Fingerprint, current, cancellationToken);
            if (read.Entry is { } entry)
            {
                return new SearchAnswer(entry.Outcome, CacheStatus.Hit, []);
            }
            cacheFailed = read.Failed;
        }

        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(guard.Options.OverallDeadline);
        try
        {
            var outcome = await related.TrySearchAsync(search.Query, search.Filters, deadline.Token)
                ?? await searcher.SearchAsync(search.Query, search.Filters, vector, deadline.Token);
            if (outcome.Degradations.Count == 0 && epoch is { } computedAt && !cacheFailed)
            {
                // Off the response path: the write has its own deadline and its failure only costs a later miss.
                _ = cache.SetAsync(search.Fingerprint, computedAt, outcome, CancellationToken.None);
            }
            foreach (var degradation in outcome.Degradations)
            {
                metrics.Degraded(degradation.Mode);
            }
            return new SearchAnswer(outcome, cacheFailed ? CacheStatus.Unavailable : CacheStatus.Miss, outcome.Degradations);
        }
        catch (OperationCanceledException) when (deadline.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
        {
            return await StaleOrThrowAsync(search, new DependencyUnavailableException(
                "search", $"the {guard.Options.OverallDeadline.TotalMilliseconds:0} ms search deadline passed",
                retryAfter: guard.Options.RetryAfter), cancellationToken);
        }
        catch (DependencyUnavailableException ex)
        {
            return await StaleOrThrowAsync(search, ex, cancellationToken);
        }
    }

    private async Task<SearchAnswer> StaleOrThrowAsync(ValidatedSearch search, DependencyUnavailableException failure, CancellationToken cancellationToken)
    {
        var stale = await cache.GetStaleAsync(search.Fingerprint, cancellationToken);
        if (stale is null)
        {
            logger.LogWarning("No answer and nothing cached: {Reason}", failure.Message);
            throw failure;
        }
        var age = Math.Max(0, Math.Round((DateTimeOffset.UtcNow - stale.StoredAt).TotalSeconds, 1));
        logger.LogWarning("Answering from a {Age} s old cached answer: {Reason}", age, failure.Message);
        metrics.Degraded(Degradation.Stale);
        return new SearchAnswer(stale.Outcome, CacheStatus.Stale, [new Degradation(Degradation.Stale, failure.Message, age)]);
    }
}
