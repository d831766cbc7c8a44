using FitnessAssistant.Contracts;
using FitnessAssistant.IndexingService.Catalog;
using FitnessAssistant.IndexingService.Documents;
using FitnessAssistant.IndexingService.Embedding;
using FitnessAssistant.IndexingService.Epoch;
using FitnessAssistant.ServiceDefaults;
using Npgsql;

namespace FitnessAssistant.IndexingService.Pipeline;

/// <summary>
/// Applies a batch of catalog events to every version that can still be activated (the active one, the ready ones
/// kept for rollback, any being built): drops events that are not newer than what a version holds, fetches the
/// current rows of the rest in one call, embeds their documents in one call, and writes vectors and tombstones.
/// Every write compares row versions in SQL too, so a repeated, reordered or concurrent event changes nothing.
/// A version of another embedding model cannot take the new vectors: it is marked as behind, and activating it
/// later catches it up first (docs/indexing.md, "Activation").
/// </summary>
public sealed class IndexingPipeline(
    IVectorIndex index,
    ICatalogReader catalog,
    ITextEmbedder embedder,
    IEpochAnnouncer announcer,
    ILogger<IndexingPipeline> logger)
{
    /// <exception cref="DependencyUnavailableException">A dependency failed; nothing was acknowledged as done.</exception>
    public async Task<BatchOutcome> ProcessAsync(IReadOnlyList<CatalogEvent> events, CancellationToken cancellationToken)
    {
        if (events.Count == 0)
        {
            return BatchOutcome.Nothing;
        }
        try
        {
            return await ProcessCoreAsync(events, cancellationToken);
        }
        catch (NpgsqlException ex) when (ex is not PostgresException || ex.IsTransient)
        {
            throw new DependencyUnavailableException("vectordb", ex.Message, ex);
        }
    }

    private async Task<BatchOutcome> ProcessCoreAsync(IReadOnlyList<CatalogEvent> events, CancellationToken cancellationToken)
    {
        var targets = (await index.ListVersionsAsync(cancellationToken))
            .Where(v => v.State is IndexVersionState.Building or IndexVersionState.Ready)
            .ToList();
        if (targets.Count == 0)
        {
            // No version yet: the first build reads the whole catalog after these changes committed.
            logger.LogDebug("No index version exists yet; {Count} events are covered by the first build", events.Count);
            return new BatchOutcome(0, 0, events.Count, []);
        }

        // Per exercise only the newest event matters (a delete after an upsert, or two updates in one batch).
        var newest = events.GroupBy(e => e.ExerciseId, StringComparer.Ordinal)
            .Select(g => g.MaxBy(e => e.RowVersion)!)
            .ToList();
        var ids = newest.Select(e => e.ExerciseId).ToList();
        var pending = new Dictionary<string, List<CatalogEvent>>();
        foreach (var target in targets)
        {
            var stored = await index.GetSourceVersionsAsync(target.Name, ids, cancellationToken);
            pending[target.Name] = newest.Where(e => !stored.TryGetValue(e.ExerciseId, out var held) || held < e.RowVersion).ToList();
        }
        var needed = pending.Values.SelectMany(list => list).DistinctBy(e => e.ExerciseId).ToList();

        // Fetch once for all versions; embed once per model the versions hold (a version per model, docs/embedding.md).
        var upserts = needed.Where(e => e.Type == CatalogEventTypes.Upserted).ToList();
        var fetched = upserts.Count == 0
            ? []
            : await catalog.GetAsync(upserts.ToDictionary(e => e.ExerciseId, e => e.RowVersion), cancellationToken);
        var byId = fetched.Select((exercise, position) => (exercise.Id, position)).ToDictionary(p => p.Id, p => p.position, StringComparer.Ordinal);
        var embeddedByModel = new Dictionary<EmbeddingModel, EmbeddedBatch?>();
        foreach (var model in targets.Select(t => t.Model).Distinct())
        {
            try
            {
                embeddedByModel[model] = fetched.Count == 0
                    ? null
                    : await embedder.EmbedAsync(fetched.Select(ExerciseDocument.Text).ToList(), model, cancellationToken);
            }
            catch (EmbeddingModelNotServedException)
            {
                // Its versions fall behind below; the others are still written.
                embeddedByModel[model] = null;
            }
        }

        int upserted = 0, deleted = 0;
        var outdated = new List<string>();
        var visible = false;
        var activeOutdated = false;
        foreach (var target in targets)
        {
            var work = pending[target.Name];
            // An upsert whose exercise is gone by now is a deletion at the event's version: the delete event (newer)
            // will find the tombstone, and an older snapshot write cannot bring the exercise back.
            var deletions = work
                .Where(e => e.Type == CatalogEventTypes.Deleted || !byId.ContainsKey(e.ExerciseId))
                .Select(e => new VectorDeletion(e.ExerciseId, e.RowVersion))
                .ToList();
            var embedded = embeddedByModel[target.Model];
            var vectors = work.Where(e => e.Type == CatalogEventTypes.Upserted && byId.ContainsKey(e.ExerciseId))
                .Select(e => byId[e.ExerciseId])
                .Select(i => new VectorRecord(fetched[i].Id, fetched[i].RowVersion, embedded?.Vectors[i] ?? [], ExerciseDocument.Attributes(fetched[i])))
                .ToList();
            if (vectors.Count > 0 && embedded?.Model != target.Model)
            {
                // Marked before the deletions are written and the batch is acknowledged: a crash in between leaves the
                // version marked (a catch-up too many), never unmarked with changes missing.
                await index.MarkBehindAsync(target.Name, cancellationToken);
                outdated.Add(target.Name);
                activeOutdated |= target.IsActive;
                logger.LogWarning("Index version {Version} holds {VersionModel} vectors but the embedding service does not serve that model now: {Count} changes are missing from it until it is caught up or rebuilt",
                    target.Name, target.Model, vectors.Count);
                vectors = [];
            }
            var upsert = await index.UpsertAsync(target.Name, target.Model, vectors, cancellationToken);
            var delete = await index.DeleteAsync(target.Name, deletions, cancellationToken);
            upserted += upsert.Changed;
            deleted += delete.Changed;
            visible |= upsert.ChangedActiveVersion || delete.ChangedActiveVersion;
        }
        if (visible)
        {
            announcer.ChangesCommitted(events.Select(e => new DateTimeOffset(e.OccurredAt)).ToList());
        }
        var unchanged = events.Count - needed.Count;
        logger.LogInformation("Indexed {Events} events: {Upserted} vectors and {Deleted} deletions written, {Unchanged} events already applied",
            events.Count, upserted, deleted, unchanged);
        return new BatchOutcome(upserted, deleted, unchanged, outdated, activeOutdated);
    }
}
