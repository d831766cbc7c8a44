using FitnessAssistant.IndexingService.Pipeline;

namespace FitnessAssistant.IndexingService.Embedding;

/// <summary>Turns document texts into unit vectors (embedding gRPC in production; a fake in unit tests).</summary>
public interface ITextEmbedder
{
    /// <summary>Embeds the texts in one batch; the vectors come in the same order, tagged with the model that made them.</summary>
    /// <exception cref="DependencyUnavailableException">The embedding service cannot answer now (down, overloaded).</exception>
    Task<EmbeddedBatch> EmbedAsync(IReadOnlyList<string> texts, CancellationToken cancellationToken);
}

public sealed record EmbeddedBatch(EmbeddingModel Model, IReadOnlyList<float[]> Vectors);
