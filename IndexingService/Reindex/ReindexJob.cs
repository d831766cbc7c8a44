using System.Diagnostics;
using System.Globalization;
using FitnessAssistant.IndexingService.Catalog;
using FitnessAssistant.IndexingService.Documents;
using FitnessAssistant.IndexingService.Embedding;
using FitnessAssistant.IndexingService.Epoch;
using FitnessAssistant.IndexingService.Jobs;
using FitnessAssistant.IndexingService.Pipeline;
using FitnessAssistant.IndexingService.Registry;

namespace FitnessAssistant.IndexingService.Reindex;

/// <summary>
/// Builds a complete new index version from the whole catalog in the background, verifies it, and switches the
/// active version to it atomically (docs/indexing.md, "Re-index"). Searches keep reading the active version
/// throughout; the consumer writes live changes into the version being built, and row versions settle any race
/// between the two. An interrupted build (stop, crash) leaves its version building: the next job of the same model
/// and text format continues it, skipping what is already there. A catalog that grew faster than the consumer
/// could follow during the build (an import during the first one) is walked again before verification, so the
/// version is not failed for changes still queued.
/// </summary>
internal sealed partial class ReindexJob(
    string reason,
    EmbeddingModel? requestedModel,
    IVectorIndex index,
    ICatalogReader catalog,
    ITextEmbedder embedder,
    IEpochAnnouncer announcer,
    EmbeddingVersionMirror mirror,
    ReindexOptions options,
    TimeProvider time,
    ILogger logger) : IndexJob(new OutagePauses(options.OutagePause, options.MaxOutagePause, time))
{
    private static readonly TimeSpan ProgressLogInterval = TimeSpan.FromSeconds(5);
    private const int MaxCatchUpWalks = 10;
    private readonly DateTimeOffset _startedAt = time.GetUtcNow();
    private ReindexPhase _phase = ReindexPhase.Preparing;
    private string? _version;
    private EmbeddingModel? _model;
    private long _processed;
    private long _embedded;
    private long? _total;
    private DateTimeOffset? _embeddingStartedAt;
    private DateTimeOffset? _finishedAt;
    private VerificationReport? _verification;
    private string? _error;

    public string Reason { get; } = reason;

    public ReindexProgress Progress => Read(() =>
    {
        var elapsed = _embeddingStartedAt is { } started ? (time.GetUtcNow() - started).TotalSeconds : 0;
        var rate = elapsed > 0 ? _embedded / elapsed : 0;
        TimeSpan? remaining = _phase == ReindexPhase.Embedding && _total is { } total && rate > 0
            ? TimeSpan.FromSeconds(Math.Max(0, total - _processed) / rate)
            : null;
        return new ReindexProgress(Id, Reason, _phase, _version, _model?.ToString(), _processed, _total, Math.Round(rate, 1),
            remaining, _startedAt, _finishedAt, PausedFor, _verification, _error);
    });

    public async Task RunAsync(CancellationToken cancellationToken)
    {
        using var activity = IndexingTelemetry.Activities.StartActivity("reindex");
        activity?.SetTag("fitness.reindex.reason", Reason);
        try
        {
            var (model, dimensions) = await ProbeModelAsync(cancellationToken);
            var version = await PrepareVersionAsync(model, dimensions, cancellationToken);
            mirror.VersionsChanged();
            // The catalog API has no count: until the walk ends, the active version's size is the estimate.
            var estimate = (await index.GetStateAsync(cancellationToken)).ActiveVersion is { } active ? await index.CountAsync(active, cancellationToken) : (long?)null;
            Set(() => _total = estimate);
            Set(() => (_model, _version, _phase, _embeddingStartedAt) = (model, version, ReindexPhase.Embedding, time.GetUtcNow()));
            LogStarted(Id, version, model.ToString(), Reason);

            // A resumed build may have been marked behind while another model served; the walk below writes every
            // exercise it holds older or not at all, so it covers what was missed before it began.
            var missed = (await index.ListVersionsAsync(cancellationToken)).Single(v => v.Name == version).MissedChanges;
            var ids = await EmbedCatalogAsync(version, model, cancellationToken);
            ids = await CatchUpAsync(version, model, ids, cancellationToken);
            if (missed > 0)
            {
                await index.MarkCaughtUpAsync(version, missed, cancellationToken);
            }

            Set(() => _phase = ReindexPhase.BuildingIndex);
            var build = Stopwatch.StartNew();
            await WithPausesAsync(() => index.SealVersionAsync(version, cancellationToken), cancellationToken);
            LogBuilt(version, build.Elapsed.TotalSeconds);

            Set(() => _phase = ReindexPhase.Verifying);
            var report = await new VersionVerifier(index, catalog, embedder, options).VerifyAsync(version, model, ids, cancellationToken);
            Set(() => _verification = report);
            if (!report.Passed)
            {
                var failure = string.Join("; ", report.Failures);
                await index.FailVersionAsync(version, failure, cancellationToken);
                mirror.VersionsChanged();
                throw new InvalidOperationException($"Version {version} failed verification and was not activated: {failure}");
            }

            Set(() => _phase = ReindexPhase.Activating);
            var epoch = await index.ActivateAsync(version, cancellationToken);
            announcer.EpochChanged();
            mirror.VersionsChanged();
            await RetireOldVersionsAsync(cancellationToken);
            Set(() => (_phase, _finishedAt) = (ReindexPhase.Succeeded, time.GetUtcNow()));
            LogSucceeded(Id, version, epoch, _processed, (time.GetUtcNow() - _startedAt).TotalSeconds,
                report.SelfRetrieval, report.RecallAt10);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            Set(() => (_phase, _finishedAt, _error) = (ReindexPhase.Cancelled, time.GetUtcNow(), "stopped; the next build of this model continues it"));
            LogCancelled(Id, _version, _processed);
        }
        catch (Exception ex)
        {
            activity?.SetStatus(ActivityStatusCode.Error, ex.Message);
            Set(() => (_phase, _finishedAt, _error) = (ReindexPhase.Failed, time.GetUtcNow(), ex.Message));
            LogFailed(ex, Id, _version, ex.Message);
        }
    }

    /// <summary>The model to build (the one asked for, else the embedding service's default) and its dimensions, learnt from one tiny embedding.</summary>
    private async Task<(EmbeddingModel Model, int Dimensions)> ProbeModelAsync(CancellationToken cancellationToken)
    {
        var probe = await WithPausesAsync(() => embedder.EmbedAsync(["exercise"], requestedModel, cancellationToken), cancellationToken);
        return (probe.Model, probe.Vectors[0].Length);
    }

    /// <summary>Continues an interrupted build of the same model and format, or creates a new version; abandons other builds.</summary>
    private async Task<string> PrepareVersionAsync(EmbeddingModel model, int dimensions, CancellationToken cancellationToken)
    {
        var building = (await index.ListVersionsAsync(cancellationToken)).Where(v => v.State == IndexVersionState.Building).ToList();
        var resumable = building.LastOrDefault(v => v.Model == model && v.DocumentFormat == ExerciseDocument.Format && v.Dimensions == dimensions);
        foreach (var abandoned in building.Where(v => v != resumable))
        {
            // A build of another model or format can never be activated now: free its storage.
            await index.RetireAsync(abandoned.Name, cancellationToken);
            LogAbandoned(abandoned.Name, abandoned.Model.ToString());
        }
        if (resumable is not null)
        {
            LogResuming(resumable.Name);
            return resumable.Name;
        }
        return (await index.CreateVersionAsync(model, dimensions, ExerciseDocument.Format, cancellationToken)).Name;
    }

    /// <summary>
    /// Walks the catalog again while it holds a different number of exercises than the version: rows committed
    /// behind the walk's position, or queued for the consumer, are written by the next walk. A walk that finds
    /// nothing to write leaves only deletions in flight, which the consumer applies: it waits for them a moment.
    /// Returns the ids of the last walk; verification judges whatever gap remains.
    /// </summary>
    private async Task<List<string>> CatchUpAsync(string version, EmbeddingModel model, List<string> ids, CancellationToken cancellationToken)
    {
        for (var walk = 1; walk <= MaxCatchUpWalks; walk++)
        {
            var inCatalog = await WithPausesAsync(() => catalog.CountAsync(options.PageSize, cancellationToken), cancellationToken);
            var inVersion = await WithPausesAsync(() => index.CountAsync(version, cancellationToken), cancellationToken);
            if (inCatalog == inVersion)
            {
                break;
            }
            LogCatchingUp(Id, version, inCatalog, inVersion);
            var embeddedBefore = Read(() => _embedded);
            ids = await EmbedCatalogAsync(version, model, cancellationToken);
            if (Read(() => _embedded) == embeddedBefore)
            {
                await Task.Delay(options.OutagePause, time, cancellationToken);
            }
        }
        return ids;
    }

    /// <summary>Reads the catalog page by page and writes every exercise the version does not hold yet; returns all ids seen.</summary>
    private async Task<List<string>> EmbedCatalogAsync(string version, EmbeddingModel model, CancellationToken cancellationToken)
    {
        var ids = new List<string>();
        Set(() => _processed = 0);
        var lastLog = time.GetUtcNow();
        string? pageToken = null;
        do
        {
            var token = pageToken;
            var page = await WithPausesAsync(() => catalog.ListAsync(token, options.PageSize, cancellationToken), cancellationToken);
            ids.AddRange(page.Exercises.Select(e => e.Id));
            var stored = await WithPausesAsync(
                () => index.GetSourceVersionsAsync(version, page.Exercises.Select(e => e.Id).ToList(), cancellationToken), cancellationToken);
            var todo = page.Exercises.Where(e => !stored.TryGetValue(e.Id, out var held) || held < e.RowVersion).ToList();
            Set(() => (_total, _processed) = (page.TotalCount ?? _total, _processed + page.Exercises.Count - todo.Count));

            foreach (var chunk in todo.Chunk(options.EmbeddingBatchSize))
            {
                var embedded = await WithPausesAsync(
                    () => embedder.EmbedAsync(chunk.Select(ExerciseDocument.Text).ToList(), model, cancellationToken), cancellationToken);
                if (embedded.Model != model)
                {
                    throw new InvalidOperationException($"The embedding service switched from {model} to {embedded.Model} during the build.");
                }
                var records = chunk.Select((e, i) => new VectorRecord(e.Id, e.RowVersion, embedded.Vectors[i], ExerciseDocument.Attributes(e))).ToList();
                await WithPausesAsync(() => index.UpsertAsync(version, model, records, cancellationToken), cancellationToken);
                Set(() => (_processed, _embedded) = (_processed + chunk.Length, _embedded + chunk.Length));
            }

            if (time.GetUtcNow() - lastLog >= ProgressLogInterval)
            {
                lastLog = time.GetUtcNow();
                var progress = Progress;
                LogProgress(Id, version, progress.Processed, progress.Total?.ToString(CultureInfo.InvariantCulture) ?? "?", progress.ExercisesPerSecond,
                    progress.EstimatedRemaining is { } remaining ? $"{remaining.TotalSeconds:F0} s" : "unknown");
            }
            pageToken = page.NextPageToken;
        }
        while (pageToken is not null);
        Set(() => _total = ids.Count);
        return ids;
    }

    private async Task RetireOldVersionsAsync(CancellationToken cancellationToken)
    {
        var previous = (await index.ListVersionsAsync(cancellationToken))
            .Where(v => v is { IsActive: false, State: IndexVersionState.Ready })
            .OrderByDescending(v => v.ReadyAt)
            .Skip(options.KeepPreviousVersions);
        foreach (var version in previous)
        {
            await index.RetireAsync(version.Name, cancellationToken);
            mirror.VersionsChanged();
            LogRetired(version.Name);
        }
    }

    protected override Task OnPausedAsync(string dependency, Exception exception, TimeSpan pause, CancellationToken cancellationToken)
    {
        LogPaused(Id, dependency, exception.Message, pause.TotalSeconds);
        return Task.CompletedTask;
    }

    [LoggerMessage(LogLevel.Information, "Re-index {JobId} started: building version {Version} with {Model} ({Reason})")]
    private partial void LogStarted(Guid jobId, string version, string model, string reason);

    [LoggerMessage(LogLevel.Information, "Re-index {JobId}: {Processed}/{Total} exercises in version {Version}, {Rate} exercises/s, remaining {Remaining}")]
    private partial void LogProgress(Guid jobId, string version, long processed, string total, double rate, string remaining);

    [LoggerMessage(LogLevel.Information, "Re-index {JobId}: the catalog holds {CatalogCount} exercises, version {Version} {VersionCount}; walking the catalog again")]
    private partial void LogCatchingUp(Guid jobId, string version, long catalogCount, long versionCount);

    [LoggerMessage(LogLevel.Information, "Version {Version}: search index built in {Seconds} s")]
    private partial void LogBuilt(string version, double seconds);

    [LoggerMessage(LogLevel.Information, "Re-index {JobId} done: version {Version} active at epoch {Epoch}, {Count} exercises in {Seconds} s (self-retrieval {SelfRetrieval:P1}, recall@10 {Recall:P1})")]
    private partial void LogSucceeded(Guid jobId, string version, long epoch, long count, double seconds, double selfRetrieval, double recall);

    [LoggerMessage(LogLevel.Warning, "Re-index {JobId} stopped with version {Version} at {Processed} exercises; the next build continues it")]
    private partial void LogCancelled(Guid jobId, string? version, long processed);

    [LoggerMessage(LogLevel.Error, "Re-index {JobId} of version {Version} failed: {Reason}")]
    private partial void LogFailed(Exception exception, Guid jobId, string? version, string reason);

    [LoggerMessage(LogLevel.Warning, "Re-index {JobId} paused: {Dependency} unavailable ({Reason}); trying again in {PauseSeconds} s")]
    private partial void LogPaused(Guid jobId, string dependency, string reason, double pauseSeconds);

    [LoggerMessage(LogLevel.Information, "Continuing the interrupted build of version {Version}")]
    private partial void LogResuming(string version);

    [LoggerMessage(LogLevel.Information, "Retired abandoned build {Version} ({Model})")]
    private partial void LogAbandoned(string version, string model);

    [LoggerMessage(LogLevel.Information, "Retired version {Version} (older than the kept previous versions)")]
    private partial void LogRetired(string version);
}
