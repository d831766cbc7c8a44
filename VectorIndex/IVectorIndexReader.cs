namespace FitnessAssistant.VectorIndex;

/// <summary>What a searcher needs of the vector index: which version is active (and its epoch), and k-NN over it.</summary>
public interface IVectorIndexReader
{
    Task<IndexState> GetStateAsync(CancellationToken cancellationToken = default);

    /// <summary>Filtered k-NN by cosine similarity, best first, from one complete version.</summary>
    /// <exception cref="IndexNotReadyException">No version is active yet (or the one asked for does not exist).</exception>
    Task<VectorSearchResult> SearchAsync(VectorQuery query, CancellationToken cancellationToken = default);
}
