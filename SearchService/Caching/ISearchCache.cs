using FitnessAssistant.SearchService.Retrieval;

namespace FitnessAssistant.SearchService.Caching;

/// <summary>
/// Cache-aside storage of search outcomes. Fresh entries are keyed by the index epoch, so a re-index makes them
/// unreachable at once; a last-good copy per search outlives epochs to answer while a dependency is down.
/// Every operation fails soft: an unreachable cache reads as a miss and drops writes.
/// </summary>
public interface ISearchCache
{
    Task<CacheRead> GetAsync(string fingerprint, long epoch, CancellationToken cancellationToken);

    Task<CachedOutcome?> GetStaleAsync(string fingerprint, CancellationToken cancellationToken);

    Task SetAsync(string fingerprint, long epoch, SearchOutcome outcome, CancellationToken cancellationToken);
}

/// <param name="StoredAt">When it was computed: a stale answer states its age.</param>
public sealed record CachedOutcome(SearchOutcome Outcome, DateTimeOffset StoredAt);

/// <summary>A cache lookup: the entry when there is one, and whether the cache could be asked at all.</summary>
public readonly record struct CacheRead(CachedOutcome? Entry, bool Failed)
{
    public static CacheRead Miss => new(null, false);

    public static CacheRead Error => new(null, true);
}
