using System.ComponentModel.DataAnnotations;
using FitnessAssistant.ServiceDefaults.Redis;

namespace FitnessAssistant.SearchService.Caching;

/// <summary>The Redis cache (section <c>Search:Cache</c>); docs/search.md explains the choices.</summary>
public sealed class CacheOptions
{
    public const string Section = "Search:Cache";

    /// <summary>Name of the Redis connection string.</summary>
    [Required]
    public string ConnectionName { get; set; } = "redis";

    /// <summary>How long results stay fresh for their index epoch (a new epoch makes them unreachable sooner).</summary>
    [Range(typeof(TimeSpan), "00:00:01", "1.00:00:00")]
    public TimeSpan ResultTtl { get; set; } = TimeSpan.FromMinutes(10);

    /// <summary>
    /// How many results each replica also keeps in its own memory (the most recently used; 0: none), in front of
    /// Redis: a hit there costs no round trip and no decompression.
    /// </summary>
    [Range(0, 1_000_000)]
    public int LocalEntries { get; set; } = 1024;

    /// <summary>How long a result stays in a replica's memory (never past its epoch, which keys it).</summary>
    [Range(typeof(TimeSpan), "00:00:01", "1.00:00:00")]
    public TimeSpan LocalTtl { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>How long the last good results of a query are kept to answer while the metadata service is down.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "30.00:00:00")]
    public TimeSpan StaleTtl { get; set; } = TimeSpan.FromHours(24);

    /// <summary>How long a query's embedding is kept (it never changes for a given model).</summary>
    [Range(typeof(TimeSpan), "00:00:01", "90.00:00:00")]
    public TimeSpan EmbeddingTtl { get; set; } = TimeSpan.FromDays(7);

    /// <summary>Deadline of one cache operation; a slower cache counts as a miss.</summary>
    [Range(typeof(TimeSpan), "00:00:00.001", "00:00:10")]
    public TimeSpan OperationTimeout { get; set; } = TimeSpan.FromMilliseconds(100);

    public RedisClientSettings RedisClient => new(ConnectionName, "search", TimeSpan.FromSeconds(1),
        TimeSpan.FromMilliseconds(Math.Max(50, OperationTimeout.TotalMilliseconds)));
}
