using System.Diagnostics.Metrics;
using Polly.CircuitBreaker;

namespace FitnessAssistant.SearchService;

/// <summary>
/// The search service's own instruments (meter <c>FitnessAssistant.Search</c>), named as docs/failure-modes.md
/// lists them: degraded answers by mode, cache lookups by result, zero-result answers, breaker states, the
/// index epoch served, and admission (the concurrency limit, searches in flight, searches refused).
/// </summary>
public sealed class SearchMetrics
{
    public const string MeterName = "FitnessAssistant.Search";

    private readonly Counter<long> degraded;
    private readonly Counter<long> cacheRequests;
    private readonly Counter<long> zeroResults;
    private readonly Counter<long> refused;
    private readonly Meter meter;
    private Func<IEnumerable<(string Dependency, CircuitState State)>> breakers = () => [];
    private Func<(int Limit, int InFlight)> admission = () => (0, 0);
    private long epoch = -1;

    public SearchMetrics(IMeterFactory meters)
    {
        meter = meters.Create(MeterName);
        degraded = meter.CreateCounter<long>("fitness.search.degraded", description: "Degraded answers, by mode.");
        cacheRequests = meter.CreateCounter<long>("fitness.search.cache.requests",
            description: "Cache lookups: cache = result or embedding; result = hit, miss or error.");
        zeroResults = meter.CreateCounter<long>("fitness.search.zero_results", description: "Answers with no hit.");
        meter.CreateObservableGauge("fitness.search.breaker.state", ObserveBreakers,
            description: "Circuit breaker per dependency: 0 closed, 1 half-open, 2 open.");
        refused = meter.CreateCounter<long>("fitness.search.admission.refused",
            description: "Searches refused at once (503) because the replica was at its concurrency limit.");
        meter.CreateObservableGauge("fitness.search.admission.limit", () => admission().Limit,
            description: "How many searches the replica admits at once (adapts to latency).");
        meter.CreateObservableGauge("fitness.search.admission.in_flight", () => admission().InFlight,
            description: "Searches the replica is working on.");
        meter.CreateObservableGauge("fitness.index.epoch", () => Interlocked.Read(ref epoch),
            description: "The vector index epoch this replica serves.");
    }

    public void Degraded(string mode) => degraded.Add(1, new KeyValuePair<string, object?>("mode", mode));

    public void CacheRequest(string cache, string result)
        => cacheRequests.Add(1, new KeyValuePair<string, object?>("cache", cache), new KeyValuePair<string, object?>("result", result));

    public void ZeroResults() => zeroResults.Add(1);

    public void Refused() => refused.Add(1);

    public void ObserveAdmission(Func<(int Limit, int InFlight)> source) => admission = source;

    public void Epoch(long value) => Interlocked.Exchange(ref epoch, value);

    public void ObserveBreakers(Func<IEnumerable<(string Dependency, CircuitState State)>> source) => breakers = source;

    private IEnumerable<Measurement<int>> ObserveBreakers()
        => breakers().Select(b => new Measurement<int>(
            b.State switch
            {
                CircuitState.Closed => 0,
                CircuitState.HalfOpen => 1,
                _ => 2,
            },
            new KeyValuePair<string, object?>("dependency", b.Dependency)));
}
