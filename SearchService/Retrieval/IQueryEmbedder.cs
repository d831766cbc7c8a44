using FitnessAssistant.ServiceDefaults;
using FitnessAssistant.VectorIndex;

namespace FitnessAssistant.SearchService.Retrieval;

/// <summary>Turns query text into a vector of the model the active index version holds.</summary>
public interface IQueryEmbedder
{
    /// <exception cref="DependencyUnavailableException">The embedding service cannot answer.</exception>
    Task<QueryVector> EmbedAsync(string text, CancellationToken cancellationToken);

    /// <summary>
    /// Starts embedding <paramref name="text"/> for one search. A cache in front of the encoder sends its read now, so
    /// it shares a round trip with what the caller reads next; the encoder is asked only when the vector is awaited.
    /// </summary>
    PendingQueryVector Begin(string text, CancellationToken cancellationToken) => new(token => EmbedAsync(text, token));
}

/// <param name="Model">The model that produced the vector.</param>
public sealed record QueryVector(float[] Values, EmbeddingModel Model);
