namespace FitnessAssistant.IndexingService.Pipeline;

/// <summary>What a batch did: vectors written, tombstones written, events that changed nothing (stale or repeated).</summary>
/// <param name="OutdatedVersions">
/// Live versions of another embedding model than the one serving now: they could not take the new vectors and
/// are marked as behind.
/// </param>
/// <param name="ActiveVersionOutdated">The active version is one of them: searches miss changes until a re-index.</param>
public sealed record BatchOutcome(int Upserted, int Deleted, int Unchanged, IReadOnlyList<string> OutdatedVersions, bool ActiveVersionOutdated = false)
{
    public static BatchOutcome Nothing { get; } = new(0, 0, 0, []);
}
