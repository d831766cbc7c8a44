using System.Diagnostics;
using FitnessAssistant.SearchService.QueryUnderstanding;
using FitnessAssistant.SearchService.Retrieval;

namespace FitnessAssistant.SearchService.Search;

/// <summary>
/// Runs a few searches as soon as the active index version is known, so the first client does not pay for cold
/// connection pools (HTTP/2 to the embedding and metadata services, PostgreSQL), code not yet compiled and index
/// pages not yet in memory: cold, a first search misses the per-dependency deadlines and answers degraded.
/// </summary>
public sealed class SearchWarmUp(
    HybridSearcher searcher,
    IndexEpochMonitor index,
    VocabularyProvider vocabulary,
    ILogger<SearchWarmUp> logger) : BackgroundService
{
    private static readonly string[] Queries = ["push up", "dumbbell chest press", "hamstring stretch"];
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        // A fresh system activates its first index version only after search has started.
        while (index.ActiveModel is null)
        {
            await Task.Delay(TimeSpan.FromMilliseconds(500), stoppingToken);
        }
        foreach (var query in Queries)
        {
            var started = Stopwatch.StartNew();
            var outcome = await searcher.SearchAsync(QueryParser.Parse(query, vocabulary.Current), ExerciseFilters.Empty, stoppingToken)
                .ContinueWith(t => t.IsCompletedSuccessfully ? t.Result : null, TaskScheduler.Default);
            logger.LogInformation("Warm-up search {Query}: {Milliseconds:0} ms, {Result}", query, started.Elapsed.TotalMilliseconds,
                outcome is null ? "failed" : outcome.Degradations.Count == 0 ? "complete" : string.Join(", ", outcome.Degradations.Select(d => d.Mode)));
        }
    }
}
