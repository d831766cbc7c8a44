using FitnessAssistant.IndexingService.Catalog;
using FitnessAssistant.IndexingService.Embedding;
using FitnessAssistant.IndexingService.Epoch;
using FitnessAssistant.IndexingService.Jobs;
using FitnessAssistant.IndexingService.Registry;
using FitnessAssistant.IndexingService.Reindex;
using Microsoft.Extensions.Options;

namespace FitnessAssistant.IndexingService.Activation;

/// <summary>
/// Runs operators' activations (rollback, roll-forward) as background jobs, one at a time: a new request supersedes
/// a running one, as the pointer it moves would anyway. Remembers recent ones for the admin API.
/// </summary>
public sealed class ActivationCoordinator(
    IVectorIndex index,
    ICatalogReader catalog,
    ITextEmbedder embedder,
    IEpochAnnouncer announcer,
    EmbeddingVersionMirror mirror,
    IOptions<ReindexOptions> walk,
    IOptions<ActivationOptions> options,
    TimeProvider time,
    ILoggerFactory loggers) : IHostedService
{
    private readonly SemaphoreSlim _starting = new(1, 1);
    private readonly Lock _lock = new();
    private readonly CancellationTokenSource _stopping = new();
    private readonly JobHistory<ActivationJob> _history = new();
    private Running? _running;

    public ActivationProgress? Current
    {
        get
        {
            lock (_lock)
            {
                return _running?.Job.Progress;
            }
        }
    }

    /// <summary>Newest first.</summary>
    public IReadOnlyList<ActivationProgress> Recent => _history.Recent.Select(job => job.Progress).ToList();

    public ActivationProgress? Find(Guid id) => _history.Find(id)?.Progress;

    /// <summary>
    /// Starts activating <paramref name="version"/> and waits (at most <see cref="ActivationOptions.ResponseWait"/>)
    /// until searches read it or the job ended; returns the job as it is then.
    /// </summary>
    public async Task<ActivationProgress> ActivateAsync(string version, CancellationToken cancellationToken)
    {
        ActivationJob job;
        await _starting.WaitAsync(cancellationToken);
        try
        {
            Running? previous;
            lock (_lock)
            {
                (previous, _running) = (_running, null);
            }
            if (previous is not null)
            {
                previous.Job.Supersede();
                await previous.Cancel.CancelAsync();
                await previous.Run.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
                previous.Cancel.Dispose();
            }
            job = new ActivationJob(version, index, catalog, embedder, announcer, mirror, walk.Value, options.Value, time,
                loggers.CreateLogger<ActivationJob>());
            var cancel = CancellationTokenSource.CreateLinkedTokenSource(_stopping.Token);
            _history.Add(job);
            lock (_lock)
            {
                _running = new Running(job, cancel, Task.Run(() => RunAsync(job, cancel)));
            }
        }
        finally
        {
            _starting.Release();
        }
        await job.SwitchedOrFinished.WaitAsync(options.Value.ResponseWait, time, cancellationToken).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        cancellationToken.ThrowIfCancellationRequested();
        return job.Progress;
    }

    public Task StartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        await _stopping.CancelAsync();
        Task running;
        lock (_lock)
        {
            running = _running?.Run ?? Task.CompletedTask;
        }
        await running.WaitAsync(cancellationToken).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
    }

    private async Task RunAsync(ActivationJob job, CancellationTokenSource cancel)
    {
        await job.RunAsync(cancel.Token);
        lock (_lock)
        {
            if (_running?.Job != job)
            {
                // Superseded: the new request took it over and disposes its token source.
                return;
            }
            _running = null;
        }
        cancel.Dispose();
    }

    private sealed record Running(ActivationJob Job, CancellationTokenSource Cancel, Task Run);
}
