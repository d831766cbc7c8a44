using FitnessAssistant.SearchService.Resilience;
using FitnessAssistant.VectorIndex;

namespace FitnessAssistant.SearchService.Retrieval;

/// <summary>
/// Semantic search on the vector index library: filtered k-NN on the active version, under the vector index's
/// deadline and breaker, refusing a version that holds another model's vectors than the query's. Every answer
/// also tells the epoch monitor which epoch it was read at.
/// </summary>
public sealed class VectorIndexSearch(IVectorIndexReader index, DependencyGuard guard, IndexEpochMonitor epochs) : IVectorSearch
{
    public Task<IReadOnlyList<SemanticHit>> SearchAsync(QueryVector vector, ExerciseFilters filters, int limit, CancellationToken cancellationToken)
        => guard.ExecuteAsync(Dependencies.VectorIndex, guard.Options.VectorIndexDeadline, async token =>
        {
            var result = await index.SearchAsync(
                new VectorQuery(vector.Values, limit) { Filter = filters, Model = vector.Model }, token);
            epochs.Observe(result.Epoch, result.Model);
            return (IReadOnlyList<SemanticHit>)[.. result.Hits.Select(h => new SemanticHit(h.Id, h.Similarity))];
        }, cancellationToken);
}
