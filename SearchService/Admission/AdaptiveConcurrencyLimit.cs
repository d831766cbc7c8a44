using Microsoft.Extensions.Options;

namespace FitnessAssistant.SearchService.Admission;

/// <summary>
/// How many searches this replica works on at once. The limit follows measured latency by additive increase and
/// multiplicative decrease: it grows by about one per limit's worth of searches that finish within
/// <see cref="AdmissionOptions.LatencyTarget"/> while the limit is in use, and shrinks by
/// <see cref="AdmissionOptions.DecreaseFactor"/> when one does not, since slower searches at the same concurrency
/// mean requests queue (for the CPU or a dependency) instead of being served faster. A search beyond the limit is
/// refused at once: the admitted ones then finish inside their deadlines, where without a limit every request
/// slows down together until all of them time out and the dependency breakers open on the caller's own queueing.
/// </summary>
public sealed class AdaptiveConcurrencyLimit
{
    private readonly Lock _gate = new();
    private readonly AdmissionOptions _options;
    private readonly TimeProvider _time;
    private double _limit;
    private int _inFlight;
    private long? _lastDecrease;

    public AdaptiveConcurrencyLimit(IOptions<AdmissionOptions> options, TimeProvider time, SearchMetrics metrics)
    {
        _options = options.Value;
        _time = time;
        _limit = Math.Clamp(_options.InitialLimit, _options.MinLimit, _options.MaxLimit);
        metrics.ObserveAdmission(() => (Limit, InFlight));
    }

    public int Limit
    {
        get
        {
            lock (_gate)
            {
                return (int)_limit;
            }
        }
    }

    public int InFlight => Volatile.Read(ref _inFlight);

    /// <summary>Admits a search if the replica is below its limit; the caller must <see cref="Release"/> it.</summary>
    public bool TryAcquire(out long startedAt)
    {
        lock (_gate)
        {
            if (!_options.Enabled || _inFlight < (int)_limit)
            {
                _inFlight++;
                startedAt = _time.GetTimestamp();
                return true;
            }
        }
        startedAt = 0;
        return false;
    }

    /// <summary>Ends an admitted search and adjusts the limit by how long it took.</summary>
    public void Release(long startedAt)
    {
        var now = _time.GetTimestamp();
        var elapsed = _time.GetElapsedTime(startedAt, now);
        lock (_gate)
        {
            var concurrency = _inFlight--;
            if (elapsed > _options.LatencyTarget)
            {
                // Searches that were slow together report one overload, not one each: at most one decrease per target period.
                if (_lastDecrease is not { } last || _time.GetElapsedTime(last, now) >= _options.LatencyTarget)
                {
                    _limit = Math.Max(_options.MinLimit, _limit * _options.DecreaseFactor);
                    _lastDecrease = now;
                }
            }
            else if (concurrency * 2 >= _limit)
            {
                // Only a limit in use earns more: an idle replica's fast searches say nothing about higher concurrency.
                _limit = Math.Min(_options.MaxLimit, _limit + 1 / _limit);
            }
        }
    }
}
