using FitnessAssistant.ServiceDefaults;

namespace FitnessAssistant.SearchService.Retrieval;

/// <summary>Filtered k-NN over the active embedding version of the exercise index.</summary>
public interface IVectorSearch
{
    /// <exception cref="DependencyUnavailableException">The index cannot answer, or holds another model's vectors.</exception>
    Task<IReadOnlyList<SemanticHit>> SearchAsync(QueryVector vector, ExerciseFilters filters, int limit, CancellationToken cancellationToken);
}

/// <param name="Similarity">Cosine similarity in [-1, 1].</param>
public sealed record SemanticHit(string Id, double Similarity);
