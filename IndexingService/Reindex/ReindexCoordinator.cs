using FitnessAssistant.IndexingService.Catalog;
using FitnessAssistant.IndexingService.Embedding;
using FitnessAssistant.IndexingService.Epoch;
using FitnessAssistant.IndexingService.Jobs;
using FitnessAssistant.IndexingService.Registry;
using Microsoft.Extensions.Options;

namespace FitnessAssistant.IndexingService.Reindex;

/// <summary>
/// Runs at most one re-index at a time in the background and remembers recent ones for the admin API. Started by
/// an operator (admin API), by the bootstrap on start, or by the consumer when the active version's model is no
/// longer the one the embedding service serves. Stopping the service cancels a running build, which the next
/// build continues.
/// </summary>
public sealed partial class ReindexCoordinator(
    IVectorIndex index,
    ICatalogReader catalog,
    ITextEmbedder embedder,
    IEpochAnnouncer announcer,
    EmbeddingVersionMirror mirror,
    IOptions<ReindexOptions> options,
    TimeProvider time,
    ILoggerFactory loggers) : IHostedService
{
    private readonly ILogger _logger = loggers.CreateLogger<ReindexCoordinator>();
    private readonly Lock _lock = new();
    private readonly CancellationTokenSource _stopping = new();
    private readonly JobHistory<ReindexJob> _history = new();
    private ReindexJob? _running;
    private Task _runningTask = Task.CompletedTask;
    private DateTimeOffset? _lastAutomaticFailure;

    public ReindexProgress? Running
    {
        get
        {
            lock (_lock)
            {
                return _running?.Progress;
            }
        }
    }

    /// <summary>Newest first.</summary>
    public IReadOnlyList<ReindexProgress> Recent => _history.Recent.Select(job => job.Progress).ToList();

    public ReindexProgress? Find(Guid id) => _history.Find(id)?.Progress;

    /// <summary>Starts a re-index unless one is running; returns the job that is running and whether it is new.</summary>
    /// <param name="model">The model to build a version of; null for the embedding service's default.</param>
    public (ReindexProgress Job, bool Started) Start(string reason, EmbeddingModel? model = null)
    {
        lock (_lock)
        {
            if (_running is not null)
            {
                return (_running.Progress, false);
            }
            var job = new ReindexJob(reason, model, index, catalog, embedder, announcer, mirror, options.Value, time, loggers.CreateLogger<ReindexJob>());
            _running = job;
            _history.Add(job);
            _runningTask = Task.Run(() => RunAsync(job));
            return (job.Progress, true);
        }
    }

    /// <summary>An automatic request (bootstrap, model change): ignored while one runs or shortly after an automatic one failed.</summary>
    public void RequestRebuild(string reason)
    {
        lock (_lock)
        {
            if (_running is not null || _stopping.IsCancellationRequested
                || (_lastAutomaticFailure is { } failed && time.GetUtcNow() - failed < options.Value.AutomaticRetryAfterFailure))
            {
                return;
            }
        }
        var (job, started) = Start("automatic: " + reason);
        if (started)
        {
            LogAutomatic(job.Id, reason);
        }
    }

    /// <summary>Completes when no re-index runs (at once if none does).</summary>
    public Task WhenIdleAsync(CancellationToken cancellationToken)
    {
        lock (_lock)
        {
            return _runningTask.WaitAsync(cancellationToken);
        }
    }

    public Task StartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        await _stopping.CancelAsync();
        await _runningTask.WaitAsync(cancellationToken).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
    }

    private async Task RunAsync(ReindexJob job)
    {
        await job.RunAsync(_stopping.Token);
        lock (_lock)
        {
            _running = null;
            if (job.Progress.Phase == ReindexPhase.Failed && job.Reason.StartsWith("automatic", StringComparison.Ordinal))
            {
                _lastAutomaticFailure = time.GetUtcNow();
            }
        }
    }

    [LoggerMessage(LogLevel.Information, "Re-index {JobId} started automatically: {Reason}")]
    private partial void LogAutomatic(Guid jobId, string reason);
}
