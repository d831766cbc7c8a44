using FitnessAssistant.IndexingService.Pipeline;

namespace FitnessAssistant.IndexingService.Jobs;

/// <summary>
/// What the re-index and activation jobs share: an id, progress fields guarded by one lock (<see cref="Read{T}"/>,
/// <see cref="Set"/>), and steps that wait out a dependency outage with growing pauses, shown as
/// <see cref="PausedFor"/> while they wait, instead of failing the job.
/// </summary>
internal abstract class IndexJob(OutagePauses pauses)
{
    private readonly Lock _lock = new();
    private string? _pausedFor;

    public Guid Id { get; } = Guid.NewGuid();

    /// <summary>The dependency a step is waiting for; read it inside <see cref="Read{T}"/>.</summary>
    protected string? PausedFor => _pausedFor;

    protected T Read<T>(Func<T> read)
    {
        lock (_lock)
        {
            return read();
        }
    }

    protected void Set(Action update)
    {
        lock (_lock)
        {
            update();
        }
    }

    /// <summary>Told before each pause: which dependency is down, why, and how long the pause will be.</summary>
    protected abstract Task OnPausedAsync(string dependency, Exception exception, TimeSpan pause, CancellationToken cancellationToken);

    /// <summary>Runs a step, and again after a pause whenever a dependency is down: the job keeps its progress.</summary>
    protected Task<T> WithPausesAsync<T>(Func<Task<T>> step, CancellationToken cancellationToken)
        => pauses.RunAsync(step, async (dependency, exception, pause) =>
        {
            Set(() => _pausedFor = dependency);
            await OnPausedAsync(dependency, exception, pause, cancellationToken);
        }, () => Set(() => _pausedFor = null), cancellationToken);

    protected async Task WithPausesAsync(Func<Task> step, CancellationToken cancellationToken)
        => await WithPausesAsync(async () =>
        {
            await step();
            return true;
        }, cancellationToken);
}
