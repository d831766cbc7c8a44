namespace FitnessAssistant.SearchService.Resilience;

/// <summary>
/// How late this process gets to run its own work: a timer due every <see cref="Interval"/> notes how much later
/// than due it ran (thread-pool queueing and CPU starvation alike), and <see cref="Recent"/> is the largest delay of
/// the last second, or the current one if the timer is overdue now. A dependency's deadline missed while this is a
/// good part of the deadline was spent waiting for this process's own threads, the caller's queueing under
/// overload, and says nothing about the dependency (docs/failure-modes.md, FM-17).
/// </summary>
public sealed class SchedulingLag : IDisposable
{
    public static readonly TimeSpan Interval = TimeSpan.FromMilliseconds(50);
    private static readonly TimeSpan Window = TimeSpan.FromSeconds(1);

    private readonly TimeProvider _time;
    private readonly Lock _lock = new();
    private readonly Queue<(long At, TimeSpan Lag)> _samples = new();
    private readonly ITimer _timer;
    private long _due;

    public SchedulingLag(TimeProvider time)
    {
        _time = time;
        _due = time.GetTimestamp() + Ticks(Interval);
        _timer = time.CreateTimer(_ => Tick(), null, Interval, Interval);
    }

    public TimeSpan Recent
    {
        get
        {
            var now = _time.GetTimestamp();
            lock (_lock)
            {
                var overdue = now > _due ? _time.GetElapsedTime(_due, now) : TimeSpan.Zero;
                var recent = _samples.Where(s => _time.GetElapsedTime(s.At, now) <= Window).Select(s => s.Lag).DefaultIfEmpty(TimeSpan.Zero).Max();
                return overdue > recent ? overdue : recent;
            }
        }
    }

    public void Dispose() => _timer.Dispose();

    private void Tick()
    {
        var now = _time.GetTimestamp();
        lock (_lock)
        {
            if (now > _due)
            {
                _samples.Enqueue((now, _time.GetElapsedTime(_due, now)));
            }
            while (_samples.TryPeek(out var oldest) && _time.GetElapsedTime(oldest.At, now) > Window)
            {
                _samples.Dequeue();
            }
            _due = now + Ticks(Interval);
        }
    }

    private long Ticks(TimeSpan span) => (long)(span.TotalSeconds * _time.TimestampFrequency);
}
