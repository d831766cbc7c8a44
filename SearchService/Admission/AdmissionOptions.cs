using System.ComponentModel.DataAnnotations;

namespace FitnessAssistant.SearchService.Admission;

/// <summary>
/// Admission control of one search replica (section <c>Search:Admission</c>): how many searches it works on at once,
/// and how that limit follows the latency the replica measures (<see cref="AdaptiveConcurrencyLimit"/>).
/// </summary>
public sealed class AdmissionOptions
{
    public const string Section = "Search:Admission";

    /// <summary>Off: every request is admitted (for benchmarks that want to see the unprotected curve).</summary>
    public bool Enabled { get; set; } = true;

    /// <summary>The limit at start-up: SLO-L5 (uncached, concurrency 16) is met on two cores.</summary>
    [Range(1, 10_000)]
    public int InitialLimit { get; set; } = 16;

    /// <summary>The limit never drops below this, so a replica keeps serving while it finds its level.</summary>
    [Range(1, 10_000)]
    public int MinLimit { get; set; } = 2;

    [Range(1, 10_000)]
    public int MaxLimit { get; set; } = 64;

    /// <summary>
    /// A search slower than this says the replica (or what it calls) is queueing: the limit shrinks. Between the
    /// uncached p95 at concurrency 16 (SLO-L5, 450 ms) and the overall deadline (LB-10, 700 ms) would be too late:
    /// by then requests already time out together; the uncached p50 at concurrency 16 is about 160 ms.
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:00.001", "00:00:30")]
    public TimeSpan LatencyTarget { get; set; } = TimeSpan.FromMilliseconds(300);

    /// <summary>What a slow search multiplies the limit by (at most once per <see cref="LatencyTarget"/>).</summary>
    [Range(0.1, 0.99)]
    public double DecreaseFactor { get; set; } = 0.9;

    /// <summary>The <c>Retry-After</c> of a refused search: short, since capacity frees up within a search's time.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "00:10:00")]
    public TimeSpan RetryAfter { get; set; } = TimeSpan.FromSeconds(1);
}
