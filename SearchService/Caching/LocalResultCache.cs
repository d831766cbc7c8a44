using FitnessAssistant.SearchService.Retrieval;
using Microsoft.Extensions.Caching.Memory;
using Microsoft.Extensions.Options;

namespace FitnessAssistant.SearchService.Caching;

/// <summary>
/// A process-local layer in front of the shared result cache, for the searches this replica answers most: a hit
/// costs no Redis round trip and no decompression. Entries are keyed by index epoch as the shared ones are, so a new
/// epoch makes both unreachable at the same moment; they live at most <see cref="CacheOptions.LocalTtl"/>, and the
/// least recently used go first beyond <see cref="CacheOptions.LocalEntries"/>. Last-good answers stay shared only:
/// they are read during outages, not on the hot path.
/// </summary>
public sealed class LocalResultCache : ISearchCache, IDisposable
{
    private const string LocalCache = "result-local";
    private readonly ISearchCache _shared;
    private readonly SearchMetrics _metrics;
    private readonly TimeSpan _ttl;
    private readonly MemoryCache? _entries;

    public LocalResultCache(ISearchCache shared, IOptions<CacheOptions> options, SearchMetrics metrics)
    {
        _shared = shared;
        _metrics = metrics;
        _ttl = options.Value.LocalTtl;
        _entries = options.Value.LocalEntries > 0 ? new MemoryCache(new MemoryCacheOptions { SizeLimit = options.Value.LocalEntries }) : null;
    }

    public async Task<CacheRead> GetAsync(string fingerprint, long epoch, CancellationToken cancellationToken)
    {
        if (_entries is null)
        {
            return await _shared.GetAsync(fingerprint, epoch, cancellationToken);
        }
        if (_entries.TryGetValue((epoch, fingerprint), out CachedOutcome? entry) && entry is not null)
        {
            _metrics.CacheRequest(LocalCache, "hit");
            return new CacheRead(entry, false);
        }
        _metrics.CacheRequest(LocalCache, "miss");
        var read = await _shared.GetAsync(fingerprint, epoch, cancellationToken);
        if (read.Entry is { } shared)
        {
            Remember(fingerprint, epoch, shared);
        }
        return read;
    }

    public Task<CachedOutcome?> GetStaleAsync(string fingerprint, CancellationToken cancellationToken)
        => _shared.GetStaleAsync(fingerprint, cancellationToken);

    public Task SetAsync(string fingerprint, long epoch, SearchOutcome outcome, CancellationToken cancellationToken)
    {
        Remember(fingerprint, epoch, new CachedOutcome(outcome, DateTimeOffset.UtcNow));
        return _shared.SetAsync(fingerprint, epoch, outcome, cancellationToken);
    }

    public void Dispose() => _entries?.Dispose();

    private void Remember(string fingerprint, long epoch, CachedOutcome entry)
        => _entries?.Set((epoch, fingerprint), entry, new MemoryCacheEntryOptions { Size = 1, AbsoluteExpirationRelativeToNow = _ttl });
}
