using FitnessAssistant.SearchService.Retrieval;

namespace FitnessAssistant.SearchService.Search;

/// <summary>A search outcome with where it came from.</summary>
public sealed record SearchAnswer(SearchOutcome Outcome, CacheStatus Cache, IReadOnlyList<Degradation> Degradations)
{
    /// <summary>How well the catalog answers the query (judged per answer, never cached: it follows the current thresholds and index).</summary>
    public MatchQuality Match { get; init; } = MatchQuality.Confident;
}

public enum CacheStatus
{
    /// <summary>Computed now; the cache had no entry.</summary>
    Miss,

    /// <summary>A fresh entry of the current index epoch.</summary>
    Hit,

    /// <summary>The last good answer, served because a dependency is down.</summary>
    Stale,

    /// <summary>Computed now; the cache could not be reached.</summary>
    Unavailable,
}
