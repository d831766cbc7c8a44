namespace FitnessAssistant.VectorIndex;

/// <summary>
/// Hits from one complete version, with the model that version holds and the index epoch read with it, so a
/// caller can check its query vector's model and tag a cached answer with the epoch it belongs to.
/// </summary>
public sealed record VectorSearchResult(string Version, EmbeddingModel Model, long Epoch, IReadOnlyList<VectorHit> Hits);
