using System.Collections.Concurrent;
using FitnessAssistant.SearchService.Caching;
using FitnessAssistant.SearchService.Retrieval;

namespace FitnessAssistant.SearchService.Tests.Fakes;

/// <summary>The result cache in memory, with a switch that makes it fail like an unreachable Redis.</summary>
public sealed class InMemorySearchCache : ISearchCache
{
    private readonly ConcurrentDictionary<string, CachedOutcome> fresh = new();
    private readonly ConcurrentDictionary<string, CachedOutcome> stale = new();

    public bool Down { get; set; }

    public int Writes => writes;

    private int writes;

    public Task<CacheRead> GetAsync(string fingerprint, long epoch, CancellationToken cancellationToken)
        => Task.FromResult(Down ? CacheRead.Error : new CacheRead(fresh.GetValueOrDefault($"{epoch}:{fingerprint}"), false));

    public Task<CachedOutcome?> GetStaleAsync(string fingerprint, CancellationToken cancellationToken)
        => Task.FromResult(Down ? null : stale.GetValueOrDefault(fingerprint));

    public Task SetAsync(string fingerprint, long epoch, SearchOutcome outcome, CancellationToken cancellationToken)
    {
        if (!Down)
        {
            var entry = new CachedOutcome(outcome, DateTimeOffset.UtcNow.AddSeconds(-42));
            fresh[$"{epoch}:{fingerprint}"] = entry;
            stale[fingerprint] = entry;
            Interlocked.Increment(ref writes);
        }
        return Task.CompletedTask;
    }
}
