using System.Collections.Concurrent;
using FitnessAssistant.SearchService.Caching;
using FitnessAssistant.SearchService.Retrieval;

namespace FitnessAssistant.SearchService.Tests.Fakes;

/// <summary>The result cache in memory, with a switch that makes it fail like an unreachable Redis.</summary>
public sealed class InMemorySearchCache : ISearchCache
{
    private readonly ConcurrentDictionary<string, CachedOutcome> _fresh = new();
    private readonly ConcurrentDictionary<string, CachedOutcome> _stale = new();

    public bool Down { get; set; }

    public int Writes => _writes;

    private int _writes;

    public Task<CacheRead> GetAsync(string fingerprint, long epoch, CancellationToken cancellationToken)
        => Task.FromResult(Down ? CacheRead.Error : new CacheRead(_fresh.GetValueOrDefault($"{epoch}:{fingerprint}"), false));

    public Task<CachedOutcome?> GetStaleAsync(string fingerprint, CancellationToken cancellationToken)
        => Task.FromResult(Down ? null : _stale.GetValueOrDefault(fingerprint));

    public Task SetAsync(string fingerprint, long epoch, SearchOutcome outcome, CancellationToken cancellationToken)
    {
        if (!Down)
        {
            var entry = new CachedOutcome(outcome, DateTimeOffset.UtcNow.AddSeconds(-42));
            _fresh[$"{epoch}:{fingerprint}"] = entry;
            _stale[fingerprint] = entry;
            Interlocked.Increment(ref _writes);
        }
        return Task.CompletedTask;
    }
}
