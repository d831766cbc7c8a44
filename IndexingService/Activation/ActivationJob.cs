using System.Diagnostics;
using FitnessAssistant.IndexingService.Catalog;
using FitnessAssistant.IndexingService.Documents;
using FitnessAssistant.IndexingService.Embedding;
using FitnessAssistant.IndexingService.Epoch;
using FitnessAssistant.IndexingService.Jobs;
using FitnessAssistant.IndexingService.Pipeline;
using FitnessAssistant.IndexingService.Registry;
using FitnessAssistant.IndexingService.Reindex;

namespace FitnessAssistant.IndexingService.Activation;

/// <summary>
/// Switches searches to a ready version only once it is current (docs/indexing.md, "Activation"): the version is
/// compared with the whole catalog by row version, what it holds older or not at all is embedded again, what the
/// catalog no longer has is tombstoned, and then the pointer moves in one UPDATE. A version that missed changes
/// (marked by the pipeline) is never switched before that; one that missed nothing is switched at once when the
/// catalog or the embedding service is unreachable, since it is then exactly as current as the version it replaces,
/// and the comparison runs when they are back. A change missed while a catch-up runs makes it run again.
/// </summary>
internal sealed partial class ActivationJob(
    string version,
    IVectorIndex index,
    ICatalogReader catalog,
    ITextEmbedder embedder,
    IEpochAnnouncer announcer,
    EmbeddingVersionMirror mirror,
    ReindexOptions walk,
    ActivationOptions options,
    TimeProvider time,
    ILogger logger) : IndexJob(new OutagePauses(walk.OutagePause, walk.MaxOutagePause, time))
{
    private readonly TaskCompletionSource _switchedOrFinished = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly DateTimeOffset _startedAt = time.GetUtcNow();
    private ActivationPhase _phase = ActivationPhase.CatchingUp;
    private long _missedChanges;
    private long _checked;
    private long? _total;
    private long _reembedded;
    private long _deleted;
    private long? _epoch;
    private DateTimeOffset? _switchedAt;
    private bool _switchedEarly;
    private bool _earlySwitchAllowed;
    private DateTimeOffset? _finishedAt;
    private string? _error;
    private bool _superseded;

    public string Version { get; } = version;

    /// <summary>Completes when searches read the version, or when the job ended without switching.</summary>
    public Task SwitchedOrFinished => _switchedOrFinished.Task;

    public ActivationProgress Progress
        => Read(() => new ActivationProgress(Id, Version, _phase, _missedChanges, _checked, _total, _reembedded, _deleted, _epoch,
            _startedAt, _switchedAt, _switchedEarly, _finishedAt, PausedFor, _error));

    /// <summary>A later activation was requested: this one is cancelled and shows as superseded.</summary>
    public void Supersede() => Set(() => _superseded = true);

    public async Task RunAsync(CancellationToken cancellationToken)
    {
        using var activity = IndexingTelemetry.Activities.StartActivity("activate");
        activity?.SetTag("fitness.index.version", Version);
        var watch = Stopwatch.StartNew();
        try
        {
            for (var pass = 1; !IsSwitched; pass++)
            {
                if (pass > options.MaxCatchUpPasses)
                {
                    throw new ActivationRefusedException(
                        $"Version '{Version}' kept missing catalog changes while being caught up ({options.MaxCatchUpPasses} passes): the embedding service serves another model than it holds.");
                }
                var target = await WithPausesAsync(() => FindAsync(cancellationToken), cancellationToken);
                Set(() => (_missedChanges, _earlySwitchAllowed, _phase) = (target.MissedChanges, target.MissedChanges == 0, ActivationPhase.CatchingUp));
                await CatchUpAsync(target, cancellationToken);
                if (IsSwitched)
                {
                    break;
                }
                // Cleared only if nothing was missed since the pass began; otherwise the next pass covers it.
                if (target.MissedChanges > 0 && !await WithPausesAsync(() => index.MarkCaughtUpAsync(Version, target.MissedChanges, cancellationToken), cancellationToken))
                {
                    LogMissedAgain(Version, pass);
                    continue;
                }
                Set(() => _phase = ActivationPhase.Switching);
                try
                {
                    await WithPausesAsync(() => SwitchAsync(early: false, cancellationToken), cancellationToken);
                }
                catch (IndexVersionBehindException)
                {
                    LogMissedAgain(Version, pass);
                }
            }
            var progress = Progress;
            Set(() => (_phase, _finishedAt) = (ActivationPhase.Succeeded, time.GetUtcNow()));
            LogSucceeded(Version, progress.Epoch ?? 0, progress.Checked, progress.Reembedded, progress.Deleted, watch.Elapsed.TotalSeconds, progress.SwitchedBeforeCatchUp);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            Set(() => (_phase, _finishedAt, _error) = _superseded
                ? (ActivationPhase.Superseded, time.GetUtcNow(), "a later activation was requested")
                : (ActivationPhase.Cancelled, time.GetUtcNow(), "the service stopped"));
        }
        catch (Exception ex)
        {
            activity?.SetStatus(ActivityStatusCode.Error, ex.Message);
            Set(() => (_phase, _finishedAt, _error) = (ActivationPhase.Failed, time.GetUtcNow(), ex.Message));
            LogFailed(Version, ex.Message);
        }
        finally
        {
            _switchedOrFinished.TrySetResult();
        }
    }

    private bool IsSwitched => Read(() => _switchedAt is not null);

    private async Task<IndexVersion> FindAsync(CancellationToken cancellationToken)
    {
        var target = (await index.ListVersionsAsync(cancellationToken)).FirstOrDefault(v => v.Name == Version)
            ?? throw new ActivationRefusedException($"There is no live index version '{Version}'.");
        return target.State == IndexVersionState.Ready
            ? target
            : throw new ActivationRefusedException(
                $"Version '{Version}' is {target.State.ToString().ToLowerInvariant()}; only a ready (built and verified) version can be activated.");
    }

    /// <summary>Compares the version with the whole catalog and repairs every difference.</summary>
    private async Task CatchUpAsync(IndexVersion target, CancellationToken cancellationToken)
    {
        // Read before the walk: what the consumer writes meanwhile is at least as new as what the walk sees, and
        // every write compares row versions, so the two never undo each other.
        var stored = await WithPausesAsync(() => index.ListSourceVersionsAsync(Version, cancellationToken), cancellationToken);
        Set(() => (_checked, _total) = (0, stored.Count));
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var behind = new List<CatalogExercise>();
        string? pageToken = null;
        do
        {
            var token = pageToken;
            var page = await WithPausesAsync(() => catalog.ListAsync(token, walk.PageSize, cancellationToken), cancellationToken);
            foreach (var exercise in page.Exercises)
            {
                seen.Add(exercise.Id);
                if (!stored.TryGetValue(exercise.Id, out var held) || held < exercise.RowVersion)
                {
                    behind.Add(exercise);
                }
            }
            Set(() => (_checked, _total) = (_checked + page.Exercises.Count, Math.Max(_total ?? 0, _checked + page.Exercises.Count)));
            if (behind.Count >= walk.EmbeddingBatchSize)
            {
                await WriteAsync(target, behind, cancellationToken);
                behind.Clear();
            }
            pageToken = page.NextPageToken;
        }
        while (pageToken is not null);
        await WriteAsync(target, behind, cancellationToken);
        Set(() => _total = seen.Count);

        var gone = stored.Keys.Where(id => !seen.Contains(id)).ToList();
        if (gone.Count == 0)
        {
            return;
        }
        // The walk can miss an exercise created behind its cursor while it ran: ask for these ids directly (at least
        // at the stored row version, so a lagging replica is not believed) before tombstoning any.
        var present = await WithPausesAsync(() => catalog.GetAsync(gone.ToDictionary(id => id, id => stored[id]), cancellationToken), cancellationToken);
        await WriteAsync(target, present.Where(e => e.RowVersion > stored[e.Id]).ToList(), cancellationToken);
        var presentIds = present.Select(e => e.Id).ToHashSet(StringComparer.Ordinal);
        // At the stored version: a newer upsert (the exercise created again) still wins over this tombstone.
        var deletions = gone.Where(id => !presentIds.Contains(id)).Select(id => new VectorDeletion(id, stored[id])).ToList();
        var result = await WithPausesAsync(() => index.DeleteAsync(Version, deletions, cancellationToken), cancellationToken);
        Set(() => _deleted += result.Changed);
        Written(result, "deleted");
    }

    private async Task WriteAsync(IndexVersion target, IReadOnlyList<CatalogExercise> exercises, CancellationToken cancellationToken)
    {
        foreach (var chunk in exercises.Chunk(walk.EmbeddingBatchSize))
        {
            EmbeddedBatch? embedded;
            try
            {
                embedded = await WithPausesAsync(() => embedder.EmbedAsync(chunk.Select(ExerciseDocument.Text).ToList(), target.Model, cancellationToken), cancellationToken);
            }
            catch (EmbeddingModelNotServedException)
            {
                embedded = null;
            }
            if (embedded is null || embedded.Model != target.Model)
            {
                throw new ActivationRefusedException(
                    $"Version '{Version}' holds {target.Model} vectors but the embedding service does not serve that model: exercises changed since the version "
                    + $"fell behind (here {chunk.Length} or more) cannot be embedded for it. Serve {target.Model} again and activate it then, or re-index.");
            }
            var records = chunk.Select((e, i) => new VectorRecord(e.Id, e.RowVersion, embedded.Vectors[i], ExerciseDocument.Attributes(e))).ToList();
            var result = await WithPausesAsync(() => index.UpsertAsync(Version, target.Model, records, cancellationToken), cancellationToken);
            Set(() => _reembedded += result.Changed);
            Written(result, "upserted");
        }
    }

    private void Written(IndexWriteResult result, string kind)
    {
        if (result.Changed == 0)
        {
            return;
        }
        IndexingTelemetry.CatchUpWrites.Add(result.Changed, new KeyValuePair<string, object?>("kind", kind));
        if (result.ChangedActiveVersion)
        {
            // Switched before the catch-up (an outage): what it repairs now is what searches read.
            announcer.ChangesCommitted([]);
        }
    }

    private async Task SwitchAsync(bool early, CancellationToken cancellationToken)
    {
        var epoch = await index.ActivateAsync(Version, cancellationToken);
        announcer.EpochChanged();
        mirror.VersionsChanged();
        Set(() => (_epoch, _switchedAt, _switchedEarly) = (epoch, time.GetUtcNow(), early));
        _switchedOrFinished.TrySetResult();
        LogSwitched(Version, epoch, early);
    }

    /// <summary>
    /// While metadata or embedding is down, a version that missed nothing is switched at once (the rollback must
    /// not wait for them); one that missed changes is not.
    /// </summary>
    private async Task SwitchEarlyAsync(CancellationToken cancellationToken)
    {
        if (!Read(() => _earlySwitchAllowed && _switchedAt is null))
        {
            return;
        }
        try
        {
            await SwitchAsync(early: true, cancellationToken);
        }
        catch (IndexVersionBehindException)
        {
            Set(() => _earlySwitchAllowed = false);
        }
        catch (Exception ex) when (OutagePauses.UnavailableDependency(ex) is not null)
        {
            // The vector database is down too: nothing can switch now; the pause loop tries the step again.
        }
    }

    /// <summary>The catch-up keeps its place while it waits; a rollback does not wait for metadata or embedding.</summary>
    protected override async Task OnPausedAsync(string dependency, Exception exception, TimeSpan pause, CancellationToken cancellationToken)
    {
        LogPaused(Version, dependency, exception.Message, pause.TotalSeconds);
        if (dependency != "vectordb")
        {
            await SwitchEarlyAsync(cancellationToken);
        }
    }

    [LoggerMessage(LogLevel.Information, "Version {Version} active at epoch {Epoch}{Early}")]
    private partial void LogSwitchedCore(string version, long epoch, string early);

    private void LogSwitched(string version, long epoch, bool early)
        => LogSwitchedCore(version, epoch, early ? " before its catch-up (it missed no change; the catalog or the embedding service is unreachable)" : "");

    [LoggerMessage(LogLevel.Information, "Activation of {Version} done at epoch {Epoch}: {Checked} exercises compared with the catalog, {Reembedded} embedded again, {Deleted} deleted, in {Seconds:F1} s (switched before the catch-up: {SwitchedEarly})")]
    private partial void LogSucceeded(string version, long epoch, long @checked, long reembedded, long deleted, double seconds, bool switchedEarly);

    [LoggerMessage(LogLevel.Information, "Version {Version} missed new changes during catch-up pass {Pass}: comparing again")]
    private partial void LogMissedAgain(string version, int pass);

    [LoggerMessage(LogLevel.Warning, "Activation of {Version} failed; searches keep the active version: {Reason}")]
    private partial void LogFailed(string version, string reason);

    [LoggerMessage(LogLevel.Warning, "Activation of {Version} paused: {Dependency} unavailable ({Reason}); trying again in {PauseSeconds} s")]
    private partial void LogPaused(string version, string dependency, string reason, double pauseSeconds);
}
