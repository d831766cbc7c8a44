using FitnessAssistant.VectorIndex;

namespace FitnessAssistant.IndexingService.Embedding;

/// <summary>The embedding service does not serve the model a version holds (FAILED_PRECONDITION): retrying cannot help
/// until it is deployed with that model again.</summary>
public sealed class EmbeddingModelNotServedException(EmbeddingModel model, string detail)
    : Exception($"The embedding service does not serve {model}: {detail}")
{
    public EmbeddingModel Model { get; } = model;
}
