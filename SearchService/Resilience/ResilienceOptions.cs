using System.ComponentModel.DataAnnotations;

namespace FitnessAssistant.SearchService.Resilience;

/// <summary>
/// Per-dependency deadlines and circuit breakers (section <c>Search:Resilience</c>). The defaults are the
/// latency budget of docs/slo.md (LB-2 ... LB-10): each deadline is wider than its p99 share, and the worst
/// chain of them fits inside the overall deadline.
/// </summary>
public sealed class ResilienceOptions
{
    public const string Section = "Search:Resilience";

    /// <summary>LB-2 / LB-3: one Redis read (result or embedding cache).</summary>
    [Range(typeof(TimeSpan), "00:00:00.001", "00:00:10")]
    public TimeSpan CacheDeadline { get; set; } = TimeSpan.FromMilliseconds(100);

    /// <summary>LB-9: one Redis write, off the response path.</summary>
    [Range(typeof(TimeSpan), "00:00:00.001", "00:00:10")]
    public TimeSpan CacheWriteDeadline { get; set; } = TimeSpan.FromMilliseconds(50);

    /// <summary>LB-3: the <c>Embed</c> call, queueing in the embedding service included.</summary>
    [Range(typeof(TimeSpan), "00:00:00.001", "00:00:30")]
    public TimeSpan EmbeddingDeadline { get; set; } = TimeSpan.FromMilliseconds(120);

    /// <summary>LB-4: one filtered k-NN query.</summary>
    [Range(typeof(TimeSpan), "00:00:00.001", "00:00:30")]
    public TimeSpan VectorIndexDeadline { get; set; } = TimeSpan.FromMilliseconds(100);

    /// <summary>LB-5: one keyword search.</summary>
    [Range(typeof(TimeSpan), "00:00:00.001", "00:00:30")]
    public TimeSpan KeywordDeadline { get; set; } = TimeSpan.FromMilliseconds(150);

    /// <summary>LB-7: the batch of details.</summary>
    [Range(typeof(TimeSpan), "00:00:00.001", "00:00:30")]
    public TimeSpan DetailsDeadline { get; set; } = TimeSpan.FromMilliseconds(250);

    /// <summary>LB-10: the whole search, from arrival; past it the search answers 503 with <see cref="RetryAfter"/>.</summary>
    [Range(typeof(TimeSpan), "00:00:00.010", "00:01:00")]
    public TimeSpan OverallDeadline { get; set; } = TimeSpan.FromMilliseconds(700);

    /// <summary>A breaker opens when at least this share of the sampled calls failed or timed out...</summary>
    [Range(0.01, 1.0)]
    public double BreakerFailureRatio { get; set; } = 0.5;

    /// <summary>... out of at least this many calls ...</summary>
    [Range(2, 10_000)]
    public int BreakerMinimumThroughput { get; set; } = 10;

    /// <summary>... within this window.</summary>
    [Range(typeof(TimeSpan), "00:00:00.500", "00:10:00")]
    public TimeSpan BreakerSamplingDuration { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>How long an open breaker skips the dependency before letting one probe through.</summary>
    [Range(typeof(TimeSpan), "00:00:00.500", "00:10:00")]
    public TimeSpan BreakerDuration { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>
    /// A missed deadline does not count against the dependency's breaker when this process's own scheduling lag
    /// (<see cref="SchedulingLag"/>) was at least this share of the deadline: the time went to local queueing.
    /// </summary>
    [Range(0.01, 10.0)]
    public double LocalLagShare { get; set; } = 0.25;

    /// <summary>The <c>Retry-After</c> of a 503.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "01:00:00")]
    public TimeSpan RetryAfter { get; set; } = TimeSpan.FromSeconds(5);
}
