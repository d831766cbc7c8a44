using FitnessAssistant.SearchService.QueryUnderstanding;
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
                new VectorQuery(vector.Values, limit) { Filter = ToVectorFilter(filters), Model = vector.Model }, token);
            epochs.Observe(result.Epoch, result.Model);
            return (IReadOnlyList<SemanticHit>)[.. result.Hits.Select(h => new SemanticHit(h.Id, h.Similarity))];
        }, cancellationToken);

    /// <summary>
    /// The index stores an unstated attribute as null, which its filters cannot ask for; a field whose values
    /// include "none" is therefore left unfiltered here, and the hits are checked against the catalog's facts
    /// afterwards (<see cref="Reranker"/>), so only the recall of that one list is affected.
    /// </summary>
    public static VectorFilter ToVectorFilter(ExerciseFilters filters)
    {
        IReadOnlyList<string> Values(FacetField field)
            => filters[field].Contains(FacetFields.Unstated) ? [] : filters[field];

        return new VectorFilter
        {
            Muscles = filters[FacetField.Muscle],
            Equipment = Values(FacetField.Equipment),
            Categories = Values(FacetField.Category),
            Levels = Values(FacetField.Level),
            Forces = Values(FacetField.Force),
            Mechanics = Values(FacetField.Mechanic),
        };
    }
}
