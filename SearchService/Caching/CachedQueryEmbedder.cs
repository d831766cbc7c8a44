using System.Runtime.InteropServices;
using System.Security.Cryptography;
using System.Text;
using FitnessAssistant.SearchService.Resilience;
using FitnessAssistant.SearchService.Retrieval;
using FitnessAssistant.ServiceDefaults;
using FitnessAssistant.ServiceDefaults.Redis;
using FitnessAssistant.VectorIndex;
using Microsoft.Extensions.Options;

namespace FitnessAssistant.SearchService.Caching;

/// <summary>
/// Query embeddings in Redis, keyed by the active version's model and the normalised query text: a text's
/// vector under one model never changes, so entries only expire to free memory. A cached vector also keeps
/// semantic search working for that query while the embedding service is down (failure mode FM-2).
/// </summary>
public sealed class CachedQueryEmbedder(
    IQueryEmbedder inner,
    IndexEpochMonitor index,
    RedisConnection redis,
    DependencyGuard guard,
    SearchMetrics metrics,
    IOptions<CacheOptions> options,
    ILogger<CachedQueryEmbedder> logger) : IQueryEmbedder
{
    private const string EmbeddingCache = "embedding";

    public Task<QueryVector> EmbedAsync(string text, CancellationToken cancellationToken)
        => Begin(text, cancellationToken).GetAsync(cancellationToken);

    public PendingQueryVector Begin(string text, CancellationToken cancellationToken)
    {
        var model = index.ActiveModel;
        var key = model is null ? null : CacheKeys.Embedding(model.ToString(), Hash(text));
        var cached = key is null ? Task.FromResult<QueryVector?>(null) : ReadAsync(key, model!, cancellationToken);
        return new PendingQueryVector(async token => await cached ?? await EmbedAndStoreAsync(text, model, key, token));
    }

    private async Task<QueryVector> EmbedAndStoreAsync(string text, EmbeddingModel? model, string? key, CancellationToken cancellationToken)
    {
        var vector = await inner.EmbedAsync(text, cancellationToken);
        if (key is not null && vector.Model == model)
        {
            _ = WriteAsync(key, vector);
        }
        return vector;
    }

    private async Task<QueryVector?> ReadAsync(string key, EmbeddingModel model, CancellationToken cancellationToken)
    {
        try
        {
            var value = await guard.ExecuteAsync(Dependencies.Cache, guard.Options.CacheDeadline,
                _ => redis.Database.StringGetAsync(key), cancellationToken);
            byte[]? bytes = value;
            if (bytes is null || bytes.Length == 0 || bytes.Length % sizeof(float) != 0)
            {
                metrics.CacheRequest(EmbeddingCache, "miss");
                return null;
            }
            metrics.CacheRequest(EmbeddingCache, "hit");
            return new QueryVector(MemoryMarshal.Cast<byte, float>(bytes).ToArray(), model);
        }
        catch (DependencyUnavailableException ex)
        {
            metrics.CacheRequest(EmbeddingCache, "error");
            logger.LogDebug("Embedding cache unavailable: {Reason}", ex.Message);
            return null;
        }
    }

    private async Task WriteAsync(string key, QueryVector vector)
    {
        try
        {
            var bytes = MemoryMarshal.AsBytes(vector.Values.AsSpan()).ToArray();
            await guard.ExecuteAsync(Dependencies.Cache, guard.Options.CacheWriteDeadline,
                _ => redis.Database.StringSetAsync(key, bytes, options.Value.EmbeddingTtl), CancellationToken.None);
        }
        catch (DependencyUnavailableException ex)
        {
            logger.LogDebug("Embedding not cached: {Reason}", ex.Message);
        }
    }

    private static string Hash(string text) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text)), 0, 16);
}
