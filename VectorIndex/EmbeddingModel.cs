namespace FitnessAssistant.VectorIndex;

/// <summary>
/// The model that produced a vector (id and version, as the embedding service tags every vector). Vectors of
/// different models live in different index versions and are never compared with each other.
/// </summary>
public sealed record EmbeddingModel(string Id, string Version)
{
    public override string ToString() => $"{Id}@{Version}";
}
