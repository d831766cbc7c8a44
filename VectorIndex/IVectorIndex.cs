namespace FitnessAssistant.VectorIndex;

/// <summary>
/// The exercise vector index, shaped after what Milvus offers too (docs/indexing.md maps each call): versions are
/// collections, the active version is an alias, writes are upserts and deletes keyed by exercise id, searches are
/// filtered k-NN. Callers never see storage details, so another store can replace pgvector without touching them.
/// This is the whole index, for the indexer; searchers get the read side, <see cref="IVectorIndexReader"/>.
/// </summary>
public interface IVectorIndex : IVectorIndexReader
{
    /// <summary>Creates what the store needs (idempotent, safe to call from several processes at once).</summary>
    Task EnsureCreatedAsync(CancellationToken cancellationToken = default);

    /// <summary>Every version that is not retired, oldest first.</summary>
    Task<IReadOnlyList<IndexVersion>> ListVersionsAsync(CancellationToken cancellationToken = default);

    /// <summary>
    /// Creates an empty version (state Building) for vectors of <paramref name="model"/> embedding texts built the
    /// way <paramref name="documentFormat"/> names (the caller's label for its text recipe).
    /// </summary>
    Task<IndexVersion> CreateVersionAsync(EmbeddingModel model, int dimensions, string documentFormat, CancellationToken cancellationToken = default);

    /// <summary>Builds the version's search index after the bulk load (Building to Ready); idempotent.</summary>
    Task SealVersionAsync(string version, CancellationToken cancellationToken = default);

    /// <summary>Marks a version that failed verification; it keeps its data for inspection but can never be activated.</summary>
    Task FailVersionAsync(string version, string reason, CancellationToken cancellationToken = default);

    /// <summary>Makes a Ready version the one searches read, atomically; returns the new epoch.</summary>
    /// <exception cref="IndexVersionBehindException">The version missed changes and has not been caught up since.</exception>
    Task<long> ActivateAsync(string version, CancellationToken cancellationToken = default);

    /// <summary>
    /// Records that a batch of catalog changes could not be written to the version (it holds another embedding
    /// model than the one serving): it cannot be activated until <see cref="MarkCaughtUpAsync"/>.
    /// </summary>
    Task MarkBehindAsync(string version, CancellationToken cancellationToken = default);

    /// <summary>
    /// Clears the mark after the version was compared with the whole catalog and repaired, but only if no batch was
    /// missed since the caller read <paramref name="missedChanges"/>; returns whether it was cleared.
    /// </summary>
    Task<bool> MarkCaughtUpAsync(string version, long missedChanges, CancellationToken cancellationToken = default);

    /// <summary>
    /// Turns the changes written to the active version since the epoch last moved into one new epoch (bumps are
    /// coalesced this way); returns it, or null when nothing changed.
    /// </summary>
    Task<long?> AdvanceEpochAsync(CancellationToken cancellationToken = default);

    /// <summary>Drops a version that is not active.</summary>
    Task RetireAsync(string version, CancellationToken cancellationToken = default);

    /// <summary>Inserts or replaces vectors of <paramref name="model"/>; only newer source versions take effect.</summary>
    Task<IndexWriteResult> UpsertAsync(string version, EmbeddingModel model, IReadOnlyList<VectorRecord> records, CancellationToken cancellationToken = default);

    /// <summary>Removes exercises (tombstones at their source version); repeated or stale deletions change nothing.</summary>
    Task<IndexWriteResult> DeleteAsync(string version, IReadOnlyList<VectorDeletion> deletions, CancellationToken cancellationToken = default);

    /// <summary>How many exercises the version holds (tombstones excluded).</summary>
    Task<long> CountAsync(string version, CancellationToken cancellationToken = default);

    /// <summary>The source version each of these ids is stored at, tombstones included (ids never written are left out).</summary>
    Task<IReadOnlyDictionary<string, long>> GetSourceVersionsAsync(string version, IReadOnlyList<string> ids, CancellationToken cancellationToken = default);

    /// <summary>The source version of every exercise the version holds (tombstones excluded).</summary>
    Task<IReadOnlyDictionary<string, long>> ListSourceVersionsAsync(string version, CancellationToken cancellationToken = default);

    /// <summary>The stored records of these ids (missing and deleted ids are left out).</summary>
    Task<IReadOnlyList<VectorRecord>> GetAsync(string version, IReadOnlyList<string> ids, CancellationToken cancellationToken = default);
}
