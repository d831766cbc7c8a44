using FitnessAssistant.IndexingService.Pipeline;
using FitnessAssistant.ServiceDefaults;
using FitnessAssistant.VectorIndex;

namespace FitnessAssistant.IndexingService.Embedding;

/// <summary>Turns document texts into unit vectors (embedding gRPC in production; a fake in unit tests).</summary>
public interface ITextEmbedder
{
    /// <summary>Embeds the texts in one batch with <paramref name="model"/> (the service's default when null); the
    /// vectors come in the same order, tagged with the model that made them.</summary>
    /// <exception cref="DependencyUnavailableException">The embedding service cannot answer now (down, overloaded).</exception>
    /// <exception cref="EmbeddingModelNotServedException">The service does not serve <paramref name="model"/>.</exception>
    Task<EmbeddedBatch> EmbedAsync(IReadOnlyList<string> texts, EmbeddingModel? model, CancellationToken cancellationToken);
}

public sealed record EmbeddedBatch(EmbeddingModel Model, IReadOnlyList<float[]> Vectors);
