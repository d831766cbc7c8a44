using FitnessAssistant.ServiceDefaults;
using FitnessAssistant.VectorIndex;

namespace FitnessAssistant.SearchService.Retrieval;

/// <summary>Turns query text into a vector of the model the active index version holds.</summary>
public interface IQueryEmbedder
{
    /// <exception cref="DependencyUnavailableException">The embedding service cannot answer.</exception>
    Task<QueryVector> EmbedAsync(string text, CancellationToken cancellationToken);
}

/// <param name="Model">The model that produced the vector.</param>
public sealed record QueryVector(float[] Values, EmbeddingModel Model);
