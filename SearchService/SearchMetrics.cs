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

    private readonly Counter<long> _degraded;
    private readonly Counter<long> _cacheRequests;
    private readonly Counter<long> _zeroResults;
    private readonly Counter<long> _refused;
    private readonly Meter _meter;
    private Func<IEnumerable<(string Dependency, CircuitState State)>> _breakers = () => [];
    private Func<(int Limit, int InFlight)> _admission = () => (0, 0);
    private long _epoch = -1;

    public SearchMetrics(IMeterFactory meters)
    {
        _meter = meters.Create(MeterName);
        _degraded = _meter.CreateCounter<long>("fitness.search.degraded", description: "Degraded answers, by mode.");
        _cacheRequests = _meter.CreateCounter<long>("fitness.search.cache.requests",
            description: "Cache lookups: cache = result or embedding; result = hit, miss or error.");
        _zeroResults = _meter.CreateCounter<long>("fitness.search.zero_results", description: "Answers with no hit.");
        _meter.CreateObservableGauge("fitness.search.breaker.state", ObserveBreakers,
            description: "Circuit breaker per dependency: 0 closed, 1 half-open, 2 open.");
        _refused = _meter.CreateCounter<long>("fitness.search.admission.refused",
            description: "Searches refused at once (503) because the replica was at its concurrency limit.");
        _meter.CreateObservableGauge("fitness.search.admission.limit", () => _admission().Limit,
            description: "How many searches the replica admits at once (adapts to latency).");
        _meter.CreateObservableGauge("fitness.search.admission.in_flight", () => _admission().InFlight,
            description: "Searches the replica is working on.");
        _meter.CreateObservableGauge("fitness.index.epoch", () => Interlocked.Read(ref _epoch),
            description: "The vector index epoch this replica serves.");
    }

    public void Degraded(string mode) => _degraded.Add(1, new KeyValuePair<string, object?>("mode", mode));

    public void CacheRequest(string cache, string result)
        => _cacheRequests.Add(1, new KeyValuePair<string, object?>("cache", cache), new KeyValuePair<string, object?>("result", result));

    public void ZeroResults() => _zeroResults.Add(1);

    public void Refused() => _refused.Add(1);

    public void ObserveAdmission(Func<(int Limit, int InFlight)> source) => _admission = source;

    public void Epoch(long value) => Interlocked.Exchange(ref _epoch, value);

    public void ObserveBreakers(Func<IEnumerable<(string Dependency, CircuitState State)>> source) => _breakers = source;

    private IEnumerable<Measurement<int>> ObserveBreakers()
        => _breakers().Select(b => new Measurement<int>(
            b.State switch
            {
                CircuitState.Closed => 0,
                CircuitState.HalfOpen => 1,
                _ => 2,
            },
            new KeyValuePair<string, object?>("dependency", b.Dependency)));
}
