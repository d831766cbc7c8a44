using System.IO.Compression;
using System.Text.Json;
using FitnessAssistant.SearchService.Resilience;
using FitnessAssistant.SearchService.Retrieval;
using FitnessAssistant.ServiceDefaults;
using FitnessAssistant.ServiceDefaults.Redis;
using Microsoft.Extensions.Options;
using StackExchange.Redis;

namespace FitnessAssistant.SearchService.Caching;

/// <summary>
/// Search outcomes in Redis as compressed JSON: <c>results:{epoch}:{fingerprint}</c> for the fresh entry (TTL
/// <see cref="CacheOptions.ResultTtl"/>) and <c>stale:{fingerprint}</c> for the last good one (TTL
/// <see cref="CacheOptions.StaleTtl"/>). Calls go through the cache's deadline and breaker; any failure is a
/// miss or a dropped write, counted and logged, never an error for the request.
/// </summary>
public sealed class RedisSearchCache(
    RedisConnection redis,
    DependencyGuard guard,
    SearchMetrics metrics,
    IOptions<CacheOptions> options,
    ILogger<RedisSearchCache> logger) : ISearchCache
{
    private const string ResultCache = "result";

    public Task<CacheRead> GetAsync(string fingerprint, long epoch, CancellationToken cancellationToken)
        => ReadAsync(CacheKeys.Results(epoch, fingerprint), count: true, cancellationToken);

    public async Task<CachedOutcome?> GetStaleAsync(string fingerprint, CancellationToken cancellationToken)
        => (await ReadAsync(CacheKeys.StaleResults(fingerprint), count: false, cancellationToken)).Entry;

    public async Task SetAsync(string fingerprint, long epoch, SearchOutcome outcome, CancellationToken cancellationToken)
    {
        var payload = Serialize(new CachedOutcome(outcome, DateTimeOffset.UtcNow));
        try
        {
            await guard.ExecuteAsync(Dependencies.Cache, guard.Options.CacheWriteDeadline, _ =>
            {
                var batch = redis.Database.CreateBatch();
                var fresh = batch.StringSetAsync(CacheKeys.Results(epoch, fingerprint), payload, options.Value.ResultTtl);
                var stale = batch.StringSetAsync(CacheKeys.StaleResults(fingerprint), payload, options.Value.StaleTtl);
                batch.Execute();
                return Task.WhenAll(fresh, stale);
            }, cancellationToken);
        }
        catch (DependencyUnavailableException ex)
        {
            logger.LogWarning("Result not cached: {Reason}", ex.Message);
        }
    }

    private async Task<CacheRead> ReadAsync(string key, bool count, CancellationToken cancellationToken)
    {
        try
        {
            var value = await guard.ExecuteAsync(Dependencies.Cache, guard.Options.CacheDeadline,
                _ => redis.Database.StringGetAsync(key), cancellationToken);
            if (count)
            {
                metrics.CacheRequest(ResultCache, value.IsNull ? "miss" : "hit");
            }
            return value.IsNull ? CacheRead.Miss : new CacheRead(Deserialize(value!), false);
        }
        catch (DependencyUnavailableException ex)
        {
            metrics.CacheRequest(ResultCache, "error");
            logger.LogWarning("Result cache unavailable: {Reason}", ex.Message);
            return CacheRead.Error;
        }
    }

    private static byte[] Serialize(CachedOutcome stored)
    {
        using var buffer = new MemoryStream();
        using (var zip = new BrotliStream(buffer, CompressionLevel.Fastest))
        {
            JsonSerializer.Serialize(zip, stored, JsonSerializerOptions.Web);
        }
        return buffer.ToArray();
    }

    private CachedOutcome? Deserialize(byte[] payload)
    {
        try
        {
            using var zip = new BrotliStream(new MemoryStream(payload), CompressionMode.Decompress);
            return JsonSerializer.Deserialize<CachedOutcome>(zip, JsonSerializerOptions.Web);
        }
        catch (Exception ex) when (ex is JsonException or InvalidDataException)
        {
            // An entry of another format or a corrupted one: a miss, and the next write replaces it.
            logger.LogWarning(ex, "Unreadable cache entry ignored");
            return null;
        }
    }
}
